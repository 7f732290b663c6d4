package nanodiffusion.eval;

import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.DataSource;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Compares samples with a fresh true draw of the same size: sliced W1 (mean exact W1 over random directions),
 * radial W1, angular W1, mean and population std of the radius; rows with a non-finite coordinate are counted and
 * dropped first.
 */
public final class SampleEvaluator {
    /** Directions are fixed for every run so that metrics of different runs and seeds compare. */
    static final long DIRECTIONS_SEED = 0;

    private final DataSource source;
    private final int directions;
    private final long seed;

    public SampleEvaluator(DataSource source, int directions, long seed) {
        this.source = source;
        this.directions = directions;
        this.seed = seed;
    }

    /** A true draw of n points from the evaluation stream of this seed. */
    public PointCloud truth(int n) {
        return PointCloud.interleaved(source.sampler(RandomStreams.open(seed, RandomStreams.Domain.EVAL_TRUTH))
                .points(n, source.dim()));
    }

    public SampleMetrics evaluate(PointCloud samples) {
        return evaluate(samples, truth(samples.size()));
    }

    public SampleMetrics evaluate(PointCloud samples, PointCloud truth) {
        PointCloud s = samples.finite();
        if (s.size() == 0) {
            return new SampleMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, samples.size(),
                    samples.size());
        }
        double[] r = s.radii();
        double mean = 0;
        for (double v : r) {
            mean += v;
        }
        mean /= r.length;
        double var = 0;
        for (double v : r) {
            var += (v - mean) * (v - mean);
        }
        return new SampleMetrics(sliced(s, truth), Wasserstein.distance(r, truth.radii()),
                Wasserstein.distance(s.angles(), truth.angles()), mean, Math.sqrt(var / r.length),
                samples.size(), samples.size() - s.size());
    }

    /** Mean exact W1 of the projections on eval.directions fixed random directions. */
    double sliced(PointCloud s, PointCloud truth) {
        UniformRandomProvider rng = RandomStreams.open(DIRECTIONS_SEED, RandomStreams.Domain.EVAL_DIRECTIONS);
        double sum = 0;
        for (int k = 0; k < directions; k++) {
            double theta = 2 * Math.PI * rng.nextDouble();
            sum += Wasserstein.distance(s.project(theta), truth.project(theta));
        }
        return sum / directions;
    }
}
