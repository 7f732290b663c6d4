package nanodiffusion.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Hidden-layer nonlinearity of the score network. */
public enum ActivationKind {
    RELU, TANH, SWISH, ELU, GELU, SOFTPLUS;

    public static ActivationKind parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigError.of(key, value, "must be one of " + names());
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static String names() {
        return Arrays.stream(values()).map(ActivationKind::configName).collect(Collectors.joining("|"));
    }
}
