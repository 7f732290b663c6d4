package nanodiffusion.sweep;

import nanodiffusion.config.ConfigChoice;

import java.util.function.ToDoubleFunction;

/** What a sweep ranks its trials by; lower is better for every one. */
public enum SweepMetric implements ConfigChoice {
    SLICED_W1("sliced_w1", TrialResult::slicedW1),
    RADIAL_W1("radial_w1", TrialResult::radialW1),
    ANGULAR_W1("angular_w1", TrialResult::angularW1),
    FINAL_LOSS("final_loss", TrialResult::finalLoss);

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
}
