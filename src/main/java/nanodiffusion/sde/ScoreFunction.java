package nanodiffusion.sde;

/** A batch score model s(x, t) ~ grad_x log p_t(x); points are interleaved (x, y) pairs. */
@FunctionalInterface
public interface ScoreFunction {
    /** Writes s(x_i, t) for the first n points of xy into out (same layout). */
    void evaluate(double[] xy, int n, double t, double[] out);
}
