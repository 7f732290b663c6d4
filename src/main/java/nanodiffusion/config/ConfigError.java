package nanodiffusion.config;

/** A setting the user gave is missing, unknown, of the wrong type or out of range; the message names the key and value. */
public final class ConfigError extends IllegalArgumentException {
    public ConfigError(String message) {
        super(message);
    }

    /** "key = value: reason" - the one-line form every validation uses. */
    public static ConfigError of(String key, Object value, String reason) {
        return new ConfigError(key + " = " + value + ": " + reason);
    }

    public static void require(boolean ok, String key, Object value, String reason) {
        if (!ok) {
            throw of(key, value, reason);
        }
    }

    /** {@link #of(String, Object, String)} for a setting of the table. */
    public static ConfigError of(Setting<?> setting, Object value, String reason) {
        return of(setting.key(), value, reason);
    }

    /** {@link #require(boolean, String, Object, String)} for a setting of the table. */
    public static void require(boolean ok, Setting<?> setting, Object value, String reason) {
        if (!ok) {
            throw of(setting, value, reason);
        }
    }
}
