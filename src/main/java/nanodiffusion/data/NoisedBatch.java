package nanodiffusion.data;

import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.VpSchedule;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * One training batch of the forward process, row-major: features (x_t, y_t, time input of t) and targets
 * (eps_x, eps_y, loss factor of t) with x_t = alpha(t) x0 + sigma(t) eps, x0 from the data source, t ~ U(0, T] and
 * eps ~ N(0, I). For the seed's network the time input is t and the loss factor sigma(t).
 */
public record NoisedBatch(int size, float[] features, float[] targets) {
    public static final int FEATURES = 3;
    public static final int TARGETS = 3;

    /** Draws {@code n} examples from one stream. */
    public static NoisedBatch draw(DataSource source, ScoreParametrisation form, UniformRandomProvider rng, int n) {
        VpSchedule schedule = form.schedule();
        DataSource.PointSampler data = source.sampler(rng);
        ContinuousSampler normal = ZigguratSampler.NormalizedGaussian.of(rng);
        float[] features = new float[n * FEATURES];
        float[] targets = new float[n * TARGETS];
        double[] x0 = new double[2];
        for (int i = 0; i < n; i++) {
            data.next(x0, 0);
            double t = schedule.horizon() * (1 - rng.nextDouble()); // (0, T]: t = 0 has sigma = 0 and no signal
            double a = schedule.alpha(t);
            double b = schedule.sigma(t);
            double ex = normal.sample();
            double ey = normal.sample();
            features[FEATURES * i] = (float) (a * x0[0] + b * ex);
            features[FEATURES * i + 1] = (float) (a * x0[1] + b * ey);
            features[FEATURES * i + 2] = (float) form.timeFeature(t);
            targets[TARGETS * i] = (float) ex;
            targets[TARGETS * i + 1] = (float) ey;
            targets[TARGETS * i + 2] = (float) form.lossFactor(t);
        }
        return new NoisedBatch(n, features, targets);
    }
}
