package nanodiffusion.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Shape of the learning rate over the training steps (after any linear warm-up). */
public enum LrScheduleKind {
    /** lr throughout. */
    CONSTANT,
    /** lr to lrMin along half a cosine over the steps after warm-up. */
    COSINE,
    /** lr times lrStepFactor every lrStepEvery steps. */
    STEP;

    public static LrScheduleKind parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigError.of(key, value, "must be one of "
                    + Arrays.stream(values()).map(LrScheduleKind::configName).collect(Collectors.joining("|")));
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
