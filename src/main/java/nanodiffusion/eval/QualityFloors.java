package nanodiffusion.eval;

import nanodiffusion.data.DataSource;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.RingDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.moment.Kurtosis;
import org.apache.commons.math3.stat.descriptive.moment.Skewness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sample quality against what a perfect sampler scores at the same sample size. For the ring in any dimension,
 * radial W1 against the exact radius law ({@link ExactLaw#ringRadius}) and in 2D angular W1 against the exact angle
 * law ({@link ExactLaw#ringAngle}), not a second random draw; for every source, next to each metric its floor - the
 * mean of the same metric for {@code draws} independent exact draws of the same size (from the stream
 * (seed, EVAL_FLOOR, k)) - and the ratio metric / floor. A ratio near 1 means the samples are as good as exact ones
 * at this size; a metric alone, at one sample size, is half noise. How much, each ratio's spread says: the standard
 * deviation of the floor draws over their mean, which is how far one exact draw's ratio falls from 1 (at 1M ring
 * points about 0.4 on the exact radial and angular W1: a perfect sampler's single draw scores anywhere from 0.3 to
 * 2). The energy distance is taken on the first {@link #ENERGY_SUBSAMPLE} points of each cloud.
 */
public final class QualityFloors {
    /** Points of each cloud in the energy distance (all pairs: 25 million distances per term). */
    public static final int ENERGY_SUBSAMPLE = 5000;

    private final DataSource source;
    private final SampleEvaluator evaluator;
    private final int draws;
    private final long seed;
    /** The ring, whose radius law is known exactly, or null for other sources. */
    private final RingDistribution ring;
    /** The ring's exact radius law, or null for sources without one. */
    private final ExactLaw radius;

    public QualityFloors(DataSource source, SampleEvaluator evaluator, int draws, long seed) {
        this.source = source;
        this.evaluator = evaluator;
        this.draws = draws;
        this.seed = seed;
        this.ring = source instanceof RingDistribution r ? r : null;
        this.radius = ring != null ? ExactLaw.ringRadius(ring.scale()) : null;
    }

    /**
     * The metrics a floor is computed for, as measured on one cloud; exact-law ones only where the law is known.
     * Those {@code known} already holds (the samples' sliced and per-coordinate W1) are taken from it, not measured
     * again; {@code radii} are the cloud's.
     */
    private Map<String, Double> measure(PointCloud cloud, double[] radii, PointCloud truth, SampleMetrics known) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sliced_w1", known != null ? known.slicedW1() : evaluator.sliced(cloud, truth));
        m.put("energy_distance", EnergyDistance.of(cloud, truth, ENERGY_SUBSAMPLE));
        if (known != null) {
            m.put("coordinate_w1_mean", known.coordinateW1Mean());
            m.put("coordinate_w1_max", known.coordinateW1Max());
        } else {
            double[] perCoordinate = SampleEvaluator.coordinates(cloud, truth);
            m.put("coordinate_w1_mean", SampleEvaluator.mean(perCoordinate));
            m.put("coordinate_w1_max", SampleEvaluator.max(perCoordinate));
        }
        if (radius != null) {
            m.put("radial_w1_exact", ExactWasserstein.distance(radii, radius));
            if (cloud.dim() == 2) {
                m.put("angular_w1_exact", ExactWasserstein.distance(cloud.angles(), ExactLaw.ringAngle()));
            }
        }
        return m;
    }

    /**
     * The metrics.json keys: for each metric above its value, *_floor and *_ratio, and with two or more floor draws
     * *_ratio_spread; floor_draws and energy_subsample. {@code metrics} is what {@link SampleEvaluator} measured on
     * the same samples and truth.
     */
    public Map<String, Object> evaluate(PointCloud samples, PointCloud truth, SampleMetrics metrics) {
        return score(samples, truth, metrics, floors(samples.size(), truth));
    }

    /** Each metric's values over the exact draws of one size: the floor is their mean, the spread their scatter. */
    public record Floors(Map<String, double[]> drawn) {
        double floor(String key) {
            return SampleEvaluator.mean(drawn.get(key));
        }
    }

    /** {@code draws} exact draws of {@code n} points (streams (seed, EVAL_FLOOR, k)), each against {@code truth}. */
    public Floors floors(int n, PointCloud truth) {
        Map<String, double[]> drawn = new LinkedHashMap<>();
        for (int k = 0; k < draws; k++) {
            PointCloud exact = PointCloud.interleaved(source.sampler(RandomStreams.open(seed,
                    RandomStreams.Domain.EVAL_FLOOR, k)).points(n, source.dim()), source.dim());
            int draw = k;
            measure(exact, exact.radii(), truth, null)
                    .forEach((key, v) -> drawn.computeIfAbsent(key, x -> new double[draws])[draw] = v);
        }
        return new Floors(drawn);
    }

    /** The keys of {@link #evaluate} for {@code samples} against {@code truth}, with floors drawn at their size. */
    public Map<String, Object> score(PointCloud samples, PointCloud truth, SampleMetrics metrics, Floors floors) {
        PointCloud s = samples.finite();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("floor_draws", draws);
        m.put("energy_subsample", Math.min(ENERGY_SUBSAMPLE, Math.min(s.size(), truth.size())));
        if (s.size() == 0) {
            return m;
        }
        double[] radii = s.radii();
        measure(s, radii, truth, metrics).forEach((key, value) -> {
            double floor = floors.floor(key);
            m.put(key, value);
            m.put(key + "_floor", floor);
            m.put(key + "_ratio", value / floor);
            if (draws >= 2) {
                m.put(key + "_ratio_spread", spread(floors.drawn().get(key)));
            }
        });
        if (ring != null) {
            m.putAll(radiusShape(radii, ring.scale()));
        }
        return m;
    }

    /**
     * The shape of the radius law, which its mean and standard deviation do not show: the samples' skewness and excess
     * kurtosis (the bias-corrected sample estimators, as pandas' skew and kurt compute them) next to the exact law's,
     * Gamma(k)'s 2 / sqrt(k) and 6 / k. A model's light tail shows here first: at 1M points one exact draw's skewness
     * strays from the law's by about sqrt(6 / n) = 0.0024 and its excess kurtosis by sqrt(24 / n) = 0.005.
     */
    static Map<String, Double> radiusShape(double[] r, double shape) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("radius_skewness", new Skewness().evaluate(r));
        m.put("radius_skewness_exact", 2 / Math.sqrt(shape));
        m.put("radius_excess_kurtosis", new Kurtosis().evaluate(r));
        m.put("radius_excess_kurtosis_exact", 6 / shape);
        return m;
    }

    /** The sample standard deviation of {@code v} over its mean: one draw's spread around the floor, as a ratio. */
    static double spread(double[] v) {
        return Math.sqrt(StatUtils.variance(v)) / StatUtils.mean(v); // variance: the n - 1 (sample) form
    }
}
