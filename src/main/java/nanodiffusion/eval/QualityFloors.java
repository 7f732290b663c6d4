package nanodiffusion.eval;

import nanodiffusion.data.DataSource;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.RingDistribution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sample quality against what a perfect sampler scores at the same sample size. For the ring, radial and angular W1
 * against the exact laws themselves ({@link ExactLaw#ringRadius}, {@link ExactLaw#ringAngle}), not a second random
 * draw; for every source, next to each metric its floor - the mean of the same metric for {@code draws} independent
 * exact draws of the same size (from the stream (seed, EVAL_FLOOR, k)) - and the ratio metric / floor. A ratio near
 * 1 means the samples are as good as exact ones at this size; a metric alone, at one sample size, is half noise.
 * The energy distance is taken on the first {@link #ENERGY_SUBSAMPLE} points of each cloud.
 */
public final class QualityFloors {
    /** Points of each cloud in the energy distance (all pairs: 25 million distances per term). */
    public static final int ENERGY_SUBSAMPLE = 5000;

    private final DataSource source;
    private final SampleEvaluator evaluator;
    private final int draws;
    private final long seed;

    public QualityFloors(DataSource source, SampleEvaluator evaluator, int draws, long seed) {
        this.source = source;
        this.evaluator = evaluator;
        this.draws = draws;
        this.seed = seed;
    }

    /** The metrics.json keys: *_floor and *_ratio of sliced W1, and for the ring the exact radial and angular W1. */
    public Map<String, Object> evaluate(PointCloud samples, PointCloud truth, double slicedW1) {
        PointCloud s = samples.finite();
        int n = samples.size();
        Map<String, Object> m = new LinkedHashMap<>();
        double slicedFloor = 0;
        double radialFloor = 0;
        double angularFloor = 0;
        double energyFloor = 0;
        ExactLaw radius = source instanceof RingDistribution ring ? ExactLaw.ringRadius(ring.scale()) : null;
        for (int k = 0; k < draws; k++) {
            PointCloud exact = PointCloud.interleaved(source.sampler(RandomStreams.open(seed,
                    RandomStreams.Domain.EVAL_FLOOR, k)).points(n, source.dim()));
            slicedFloor += evaluator.sliced(exact, truth) / draws;
            energyFloor += EnergyDistance.of(exact, truth, ENERGY_SUBSAMPLE) / draws;
            if (radius != null) {
                radialFloor += ExactWasserstein.distance(exact.radii(), radius) / draws;
                angularFloor += ExactWasserstein.distance(exact.angles(), ExactLaw.ringAngle()) / draws;
            }
        }
        m.put("floor_draws", draws);
        m.put("sliced_w1_floor", slicedFloor);
        m.put("sliced_w1_ratio", slicedW1 / slicedFloor);
        double energy = EnergyDistance.of(s, truth, ENERGY_SUBSAMPLE);
        m.put("energy_distance", energy);
        m.put("energy_distance_floor", energyFloor);
        m.put("energy_distance_ratio", energy / energyFloor);
        m.put("energy_subsample", Math.min(ENERGY_SUBSAMPLE, Math.min(s.size(), truth.size())));
        if (radius != null && s.size() > 0) {
            double radial = ExactWasserstein.distance(s.radii(), radius);
            double angular = ExactWasserstein.distance(s.angles(), ExactLaw.ringAngle());
            m.put("radial_w1_exact", radial);
            m.put("radial_w1_exact_floor", radialFloor);
            m.put("radial_w1_exact_ratio", radial / radialFloor);
            m.put("angular_w1_exact", angular);
            m.put("angular_w1_exact_floor", angularFloor);
            m.put("angular_w1_exact_ratio", angular / angularFloor);
        }
        return m;
    }
}
