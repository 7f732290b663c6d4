package nanodiffusion.sweep;

import nanodiffusion.config.ConfigChoice;

import java.util.function.ToDoubleFunction;

/**
 * What a sweep ranks its trials by; lower is better for every one. The *_ratio keys (metric / what exact samples
 * score at the same size) are the ones to rank sample quality by; the ring's exact-law keys are NaN for other sources.
 */
public enum SweepMetric implements ConfigChoice {
    SLICED_W1("sliced_w1", TrialResult::slicedW1),
    RADIAL_W1("radial_w1", TrialResult::radialW1),
    ANGULAR_W1("angular_w1", TrialResult::angularW1),
    FINAL_LOSS("final_loss", TrialResult::finalLoss),
    SLICED_W1_RATIO("sliced_w1_ratio", t -> t.quality("sliced_w1_ratio")),
    RADIAL_W1_EXACT("radial_w1_exact", t -> t.quality("radial_w1_exact")),
    RADIAL_W1_EXACT_RATIO("radial_w1_exact_ratio", t -> t.quality("radial_w1_exact_ratio")),
    ANGULAR_W1_EXACT("angular_w1_exact", t -> t.quality("angular_w1_exact")),
    ANGULAR_W1_EXACT_RATIO("angular_w1_exact_ratio", t -> t.quality("angular_w1_exact_ratio")),
    ENERGY_DISTANCE("energy_distance", t -> t.quality("energy_distance")),
    ENERGY_DISTANCE_RATIO("energy_distance_ratio", t -> t.quality("energy_distance_ratio")),
    /**
     * The largest of sliced_w1_ratio, radial_w1_exact_ratio and angular_w1_exact_ratio the trial has (sliced alone
     * for sources without exact laws): a recipe is only as close to a perfect sampler as its worst ratio.
     */
    WORST_RATIO("worst_ratio", t -> worst(t, SLICED_W1_RATIO, RADIAL_W1_EXACT_RATIO, ANGULAR_W1_EXACT_RATIO));

    private final String configName;
    private final ToDoubleFunction<TrialResult> value;

    SweepMetric(String configName, ToDoubleFunction<TrialResult> value) {
        this.configName = configName;
        this.value = value;
    }

    /** Also the column name in the leaderboard and metrics.json, so '_' stays. */
    @Override
    public String configName() {
        return configName;
    }

    public double of(TrialResult result) {
        return value.applyAsDouble(result);
    }

    /** The leaderboard columns that show this metric: itself, and for worst_ratio the ratios it is the worst of. */
    public java.util.List<SweepMetric> shown() {
        return this == WORST_RATIO ? java.util.List.of(SLICED_W1_RATIO, RADIAL_W1_EXACT_RATIO, ANGULAR_W1_EXACT_RATIO,
                WORST_RATIO) : java.util.List.of(this);
    }

    private static double worst(TrialResult t, SweepMetric... of) {
        return java.util.Arrays.stream(of).mapToDouble(m -> m.of(t)).filter(v -> !Double.isNaN(v)).max()
                .orElse(Double.NaN);
    }
}
