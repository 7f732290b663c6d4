package nanodiffusion.eval;

import nanodiffusion.data.DataSource;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.RingDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.moment.Kurtosis;
import org.apache.commons.math3.stat.descriptive.moment.Skewness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
     * The metrics a floor is computed for, as measured on one cloud whose sliced W1 against {@code truth} is
     * {@code slicedW1}; exact-law ones only where the law is known. The samples' per-coordinate W1 are taken from
     * {@code known}, not measured again (null for a floor draw); {@code radii} are the cloud's.
     */
    private Map<String, Double> measure(PointCloud cloud, double[] radii, PointCloud truth, double slicedW1,
                                        SampleMetrics known) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sliced_w1", slicedW1);
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

    /** A cloud's metrics as {@link SampleEvaluator} measures them, and its metrics.json keys. */
    public record Scored(SampleMetrics metrics, Map<String, Object> keys) {
    }

    /** {@code samples} against {@code truth} of the same size, with floors drawn at that size. */
    public Scored evaluate(PointCloud samples, PointCloud truth) {
        return evaluate(List.of(samples), truth).get(0);
    }

    /**
     * Each cloud (of {@code truth}'s size) against {@code truth}, with one set of floors drawn at that size ({@code
     * draws} exact draws, streams (seed, EVAL_FLOOR, k), each against {@code truth}). The metrics.json keys: for each
     * metric above its value, *_floor and *_ratio, and with two or more floor draws *_ratio_spread; floor_draws and
     * energy_subsample. Every sliced W1 here - the clouds' and the floor draws' - comes from one pass over the
     * directions ({@link SampleEvaluator#sliced(List, PointCloud)}), which sorts truth's projections once.
     */
    public List<Scored> evaluate(List<PointCloud> clouds, PointCloud truth) {
        int n = truth.size();
        List<PointCloud> exact = new ArrayList<>();
        for (int k = 0; k < draws; k++) {
            exact.add(exactDraw(source, seed, k, n));
        }
        List<PointCloud> finite = clouds.stream().map(PointCloud::finite).toList();
        List<PointCloud> projected = new ArrayList<>(exact);
        finite.stream().filter(c -> c.size() > 0).forEach(projected::add);
        double[] sliced = evaluator.sliced(projected, truth);

        Map<String, double[]> drawn = new LinkedHashMap<>();
        for (int k = 0; k < draws; k++) {
            int draw = k;
            measure(exact.get(k), exact.get(k).radii(), truth, sliced[k], null)
                    .forEach((key, v) -> drawn.computeIfAbsent(key, x -> new double[draws])[draw] = v);
        }
        List<Scored> out = new ArrayList<>();
        int next = draws;
        for (int i = 0; i < clouds.size(); i++) {
            double slicedW1 = finite.get(i).size() > 0 ? sliced[next++] : Double.NaN;
            SampleMetrics metrics = evaluator.evaluate(clouds.get(i), finite.get(i), truth, slicedW1);
            out.add(new Scored(metrics, score(finite.get(i), truth, metrics, drawn)));
        }
        return out;
    }

    /** Exact draw k of the floors of a run with this seed: n points of source from the stream (seed, EVAL_FLOOR, k). */
    public static PointCloud exactDraw(DataSource source, long seed, int k, int n) {
        return PointCloud.interleaved(source.sampler(RandomStreams.open(seed, RandomStreams.Domain.EVAL_FLOOR, k))
                .points(n, source.dim()), source.dim());
    }

    /**
     * The keys of {@link #evaluate} for the finite samples {@code s} against {@code truth}; {@code drawn}: each
     * metric's values over the exact draws, whose mean is its floor and whose scatter its spread.
     */
    private Map<String, Object> score(PointCloud s, PointCloud truth, SampleMetrics metrics,
                                      Map<String, double[]> drawn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("floor_draws", draws);
        m.put("energy_subsample", Math.min(ENERGY_SUBSAMPLE, Math.min(s.size(), truth.size())));
        if (s.size() == 0) {
            return m;
        }
        double[] radii = s.radii();
        measure(s, radii, truth, metrics.slicedW1(), metrics).forEach((key, value) -> {
            double floor = SampleEvaluator.mean(drawn.get(key));
            m.put(key, value);
            m.put(key + "_floor", floor);
            m.put(key + "_ratio", value / floor);
            if (draws >= 2) {
                m.put(key + "_ratio_spread", spread(drawn.get(key)));
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
