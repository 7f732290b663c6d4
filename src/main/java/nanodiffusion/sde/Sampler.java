package nanodiffusion.sde;

/** Carries a batch of points from x_T to t = 0 using a score model; the points are interleaved as the score's are. */
public interface Sampler {
    /**
     * Integrates the first n points of x (which hold x_T, {@code score.dim()} coordinates each) in place down to
     * t = 0.
     *
     * @param noise the points' Gaussian streams (stochastic samplers draw from them step by step)
     * @return the number of score evaluations used per point
     */
    long integrate(double[] x, int n, ScoreFunction score, GaussianNoise noise);
}
