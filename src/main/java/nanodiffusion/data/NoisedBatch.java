package nanodiffusion.data;

import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.Sde;
import nanodiffusion.sde.TimeDensity;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * One training batch of the forward process in R^d, row-major with d + 1 columns each: features (c(t) x_t, time input
 * of t, c the parametrisation's input scale, 1 unless set) and targets (eps, loss factor of t) with x_t = alpha(t) x0 + sigma(t) eps, x0 from the data source,
 * t from the training's time density (the seed's U(0, T] unless set) and eps ~ N(0, I). For the seed's network the time input is t and the loss factor sigma(t). Per
 * example the stream gives x0, then t, then eps coordinate by coordinate.
 */
public record NoisedBatch(int size, int dim, float[] features, float[] targets) {
    /** Columns of a row of features: d coordinates and the time input. */
    public int columns() {
        return dim + 1;
    }

    /** Columns of a row of targets: d + 1 for denoising score matching, M d + 3 for sliced score matching. */
    public int targetColumns() {
        return targets.length / size;
    }

    /** Draws {@code n} examples from one stream, t ~ U(0, T]. */
    public static NoisedBatch draw(DataSource source, ScoreParametrisation form, UniformRandomProvider rng, int n) {
        return draw(source, TrainingNoise.uniform(form), rng, n, 1);
    }

    /**
     * Draws {@code n} examples whose loss counts {@code weight} times: the targets eps and f (sliced: f and sigma, not its step)
     * are scaled by sqrt(weight), so the loss 1/2 |f s + eps|^2 (sliced: its two terms, each a product of two of
     * them) counts weight times (see {@link TableShard#weight}).
     */
    public static NoisedBatch draw(DataSource source, TrainingNoise noise, UniformRandomProvider rng, int n,
                                   double weight) {
        double root = Math.sqrt(weight);
        ScoreParametrisation form = noise.form();
        Sde sde = form.sde();
        DataSource.PointSampler data = source.sampler(rng);
        TimeDensity.Draw times = noise.times().sampler(rng);
        ContinuousSampler normal = ZigguratSampler.NormalizedGaussian.of(rng);
        int dim = source.dim();
        int columns = dim + 1;
        int m = noise.projections();
        int targetColumns = m == 0 ? columns : m * dim + 3;
        float[] features = new float[n * columns];
        float[] targets = new float[n * targetColumns];
        double[] x0 = new double[dim];
        for (int i = 0; i < n; i++) {
            data.next(x0, 0);
            double t = times.next();
            double a = sde.alpha(t);
            double b = sde.sigma(t);
            double scale = form.inputScale(t);
            int row = columns * i;
            int target = targetColumns * i;
            for (int c = 0; c < dim; c++) {
                double eps = normal.sample();
                features[row + c] = (float) (scale * (a * x0[c] + b * eps));
                if (m == 0) {
                    targets[target + c] = (float) (root * eps);
                }
            }
            features[row + dim] = (float) form.timeFeature(t);
            if (m == 0) {
                targets[target + dim] = (float) (root * form.lossFactor(t));
            } else { // sliced: the loss sees x_t only; its targets are the directions v_1 .. v_M, f, sigma, step
                for (int k = 0; k < m * dim; k++) {
                    targets[target + k] = (float) normal.sample();
                }
                targets[target + m * dim] = (float) (root * form.lossFactor(t));
                // sigma and the step in the network's input units: the differences shift c(t) x by c(t) e v, and
                // ds/dx = c(t) ds/d(input)
                targets[target + m * dim + 1] = (float) (root * b * scale);
                targets[target + m * dim + 2] = (float) (TrainingNoise.SLICED_STEP * b * scale);
            }
        }
        return new NoisedBatch(n, dim, features, targets);
    }
}
