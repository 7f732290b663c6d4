package nanodiffusion.eval;

import nanodiffusion.data.DataSource;
import nanodiffusion.data.RandomStreams;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Compares samples in R^d with a fresh true draw of the same size: sliced W1 (mean exact W1 over eval.directions
 * random unit directions), W1 of each coordinate (mean and max), radial W1, in 2D angular W1, mean and population
 * std of the radius; rows with a non-finite coordinate are counted and dropped first.
 */
public final class SampleEvaluator {
    /** Directions are fixed for every run so that metrics of different runs and seeds compare. */
    static final long DIRECTIONS_SEED = 0;

    private final DataSource source;
    private final double[][] directions;
    private final long seed;

    public SampleEvaluator(DataSource source, int directions, long seed) {
        this.source = source;
        this.directions = directions(directions, source.dim());
        this.seed = seed;
    }

    /**
     * Unit directions uniform on the sphere S^(d-1), the same for every run: in 2D (cos a, sin a) with a uniform
     * on [0, 2 pi), as this project always drew them; otherwise normalised standard normal vectors.
     */
    static double[][] directions(int count, int dim) {
        UniformRandomProvider rng = RandomStreams.open(DIRECTIONS_SEED, RandomStreams.Domain.EVAL_DIRECTIONS);
        ContinuousSampler normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] out = new double[count][dim];
        for (double[] u : out) {
            if (dim == 2) {
                double theta = 2 * Math.PI * rng.nextDouble();
                u[0] = Math.cos(theta);
                u[1] = Math.sin(theta);
                continue;
            }
            double norm;
            do {
                double sum = 0;
                for (int c = 0; c < dim; c++) {
                    u[c] = normal.sample();
                    sum += u[c] * u[c];
                }
                norm = Math.sqrt(sum);
            } while (norm == 0);
            for (int c = 0; c < dim; c++) {
                u[c] /= norm;
            }
        }
        return out;
    }

    /** A true draw of n points from the evaluation stream of this seed. */
    public PointCloud truth(int n) {
        return PointCloud.interleaved(source.sampler(RandomStreams.open(seed, RandomStreams.Domain.EVAL_TRUTH))
                .points(n, source.dim()), source.dim());
    }

    public SampleMetrics evaluate(PointCloud samples) {
        return evaluate(samples, truth(samples.size()));
    }

    public SampleMetrics evaluate(PointCloud samples, PointCloud truth) {
        PointCloud s = samples.finite();
        return evaluate(samples, s, truth, s.size() == 0 ? Double.NaN : sliced(List.of(s), truth)[0]);
    }

    /**
     * The metrics of {@code samples}, whose finite rows are {@code s} and their sliced W1 against {@code truth}
     * {@code slicedW1}, measured with other clouds' ({@link #sliced(List, PointCloud)}).
     */
    SampleMetrics evaluate(PointCloud samples, PointCloud s, PointCloud truth, double slicedW1) {
        if (s.size() == 0) {
            return new SampleMetrics(samples.dim(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, samples.size(), samples.size());
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
        double[] perCoordinate = coordinates(s, truth);
        double angular = s.dim() == 2 ? Wasserstein.distance(s.angles(), truth.angles()) : Double.NaN;
        return new SampleMetrics(s.dim(), slicedW1, Wasserstein.distance(r, truth.radii()), angular, mean,
                Math.sqrt(var / r.length), mean(perCoordinate), max(perCoordinate), samples.size(),
                samples.size() - s.size());
    }

    /** The sliced W1 of each cloud against {@code truth}, as {@link #sliced(List, PointCloud, double[][])}. */
    double[] sliced(List<PointCloud> clouds, PointCloud truth) {
        return sliced(clouds, truth, directions);
    }

    static double sliced(PointCloud s, PointCloud truth, double[][] directions) {
        return sliced(List.of(s), truth, directions)[0];
    }

    /**
     * The sliced W1 of each cloud against {@code truth}, all of them in one pass over the directions that sorts
     * truth's projection on each direction once: at 1M points the sorts are nearly all of an evaluation's time, and an
     * evaluation scores the samples and every floor draw (and every group) against the same true draw. The directions
     * run in parallel on the cores of this JVM and each cloud's distances are summed in direction order, so the
     * result is {@link Wasserstein#distance} of the projections averaged one by one, on any number of threads.
     */
    static double[] sliced(List<PointCloud> clouds, PointCloud truth, double[][] directions) {
        double[][] w = new double[clouds.size()][directions.length];
        IntStream.range(0, directions.length).parallel().forEach(k -> {
            double[] t = truth.project(directions[k]);
            Arrays.sort(t);
            for (int c = 0; c < w.length; c++) {
                double[] p = clouds.get(c).project(directions[k]);
                Arrays.sort(p);
                w[c][k] = Wasserstein.sortedDistance(p, t);
            }
        });
        return Arrays.stream(w).mapToDouble(SampleEvaluator::mean).toArray();
    }

    /** W1 of each coordinate's marginal. */
    static double[] coordinates(PointCloud s, PointCloud truth) {
        double[] w = new double[s.dim()];
        for (int c = 0; c < w.length; c++) {
            w[c] = Wasserstein.distance(s.coordinate(c), truth.coordinate(c));
        }
        return w;
    }

    static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
