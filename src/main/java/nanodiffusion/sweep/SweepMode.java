package nanodiffusion.sweep;

import nanodiffusion.config.ConfigError;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a sweep runs its trials: each as a full parameter-averaging run across the executors (several at once from
 * driver threads), or each as one Spark task training a whole model on one executor core.
 */
public enum SweepMode {
    DISTRIBUTED("distributed"),
    TRIAL_PARALLEL("trial-parallel");

    private final String configName;

    SweepMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static SweepMode parse(String key, String value) {
        return Arrays.stream(values()).filter(m -> m.configName.equals(value.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> ConfigError.of(key, value, "must be one of "
                        + Arrays.stream(values()).map(SweepMode::configName).collect(Collectors.joining("|"))));
    }
}
