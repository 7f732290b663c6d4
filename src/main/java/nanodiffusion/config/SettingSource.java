package nanodiffusion.config;

/**
 * Where the config records read their settings from: the loader's layered settings files and overrides. Each record
 * reads its own settings in its constructor's order, so a wrong value is reported where the record would check it.
 */
@FunctionalInterface
public interface SettingSource {
    /** The checked value of {@code setting}; a {@link ConfigError} names the key and the value otherwise. */
    <T> T get(Setting<T> setting);
}
