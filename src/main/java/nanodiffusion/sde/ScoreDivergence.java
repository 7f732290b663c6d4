package nanodiffusion.sde;

/** A score model that also gives the divergence of the score, tr(ds/dx), per point. */
public interface ScoreDivergence extends ScoreFunction {
    /** Writes s(x_i, t) into score (interleaved) and tr(ds/dx)(x_i, t) into divergence, for the first n points. */
    void evaluate(double[] x, int n, double t, double[] score, double[] divergence);

    @Override
    default void evaluate(double[] x, int n, double t, double[] out) {
        evaluate(x, n, t, out, new double[n]);
    }
}
