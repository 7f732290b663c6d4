package nanodiffusion.sde;

/**
 * A batch score model s(x, t) ~ grad_x log p_t(x) in R^dim; a batch of n points is interleaved, point i's
 * coordinates at [dim i, dim i + dim).
 */
public interface ScoreFunction {
    /** Coordinates per point. */
    int dim();

    /** Writes s(x_i, t) for the first n points of x into out (same layout). */
    void evaluate(double[] x, int n, double t, double[] out);
}
