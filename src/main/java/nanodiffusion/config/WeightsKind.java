package nanodiffusion.config;

import java.util.Locale;

/** Which parameters sampling uses: the exponential moving average, or the raw last parameters. */
public enum WeightsKind {
    EMA, RAW;

    public static WeightsKind parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigError.of(key, value, "must be one of ema|raw");
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
