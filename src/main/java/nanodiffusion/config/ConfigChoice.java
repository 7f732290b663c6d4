package nanodiffusion.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum whose constants are written in config files by name: lower case with '-' for '_' unless the enum says
 * otherwise. {@link #parse} reads one, case-insensitively, or names the key, the value and the choices.
 */
public interface ConfigChoice {
    default String configName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E> & ConfigChoice> E parse(Class<E> type, String key, String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        E[] choices = type.getEnumConstants();
        return Arrays.stream(choices).filter(c -> c.configName().equals(wanted)).findFirst()
                .orElseThrow(() -> ConfigError.of(key, value, "must be one of "
                        + Arrays.stream(choices).map(ConfigChoice::configName).collect(Collectors.joining("|"))));
    }
}
