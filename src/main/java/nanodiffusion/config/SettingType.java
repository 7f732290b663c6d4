package nanodiffusion.config;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a setting's value is: the check that reads it from a settings file or {@code --set} (a whole number, a
 * number, true or false, one of an enum's names, ...; an error names the key and the value), and the plain value
 * run.json and the Spark ML Params hold for it (a choice by its name, a list of names comma-separated).
 *
 * @param <T> the value's type in the config records
 */
public final class SettingType<T> {
    /** What {@link #read} does: parses the value given for {@code key}, or throws a {@link ConfigError} naming both. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(String key, ConfigValue value);
    }

    /** The word that stands for "as many as Spark's default parallelism" in a {@link #COUNT_OR_AUTO} setting. */
    public static final String AUTO = "auto";

    public static final SettingType<Integer> INT = new SettingType<>(ConfigKey.Kind.INT, SettingType::integer,
            v -> v, List.of());
    public static final SettingType<Long> LONG = new SettingType<>(ConfigKey.Kind.LONG, SettingType::whole,
            v -> v, List.of());
    public static final SettingType<Double> DOUBLE = new SettingType<>(ConfigKey.Kind.DOUBLE, SettingType::number,
            v -> v, List.of());
    public static final SettingType<Boolean> BOOLEAN = new SettingType<>(ConfigKey.Kind.BOOLEAN, SettingType::bool,
            v -> v, List.of());
    /** A single word taken as written (a path, a name). */
    public static final SettingType<String> WORD = new SettingType<>(ConfigKey.Kind.STRING, SettingType::word,
            v -> v, List.of());
    /** Names given as a list or as one comma-separated word; empty for "" or []. Plain: comma-separated. */
    public static final SettingType<List<String>> NAMES = new SettingType<>(ConfigKey.Kind.STRING, SettingType::names,
            v -> String.join(",", v), List.of());
    /** A count >= 1, or auto ({@link TrainConfig#AUTO_WORKERS}); read as a word since it may be one. */
    public static final SettingType<Integer> COUNT_OR_AUTO = new SettingType<>(ConfigKey.Kind.STRING,
            SettingType::countOrAuto, v -> v == TrainConfig.AUTO_WORKERS ? (Object) AUTO : v, List.of());

    private final ConfigKey.Kind kind;
    private final Parser<T> parser;
    private final Function<T, Object> plain;
    private final List<String> choices;

    private SettingType(ConfigKey.Kind kind, Parser<T> parser, Function<T, Object> plain, List<String> choices) {
        this.kind = kind;
        this.parser = parser;
        this.plain = plain;
        this.choices = choices;
    }

    /** One of the constants of {@code type}, written by its {@link ConfigChoice#configName}. */
    public static <E extends Enum<E> & ConfigChoice> SettingType<E> choice(Class<E> type) {
        return new SettingType<>(ConfigKey.Kind.STRING, (key, v) -> ConfigChoice.parse(type, key, word(key, v)),
                ConfigChoice::configName, Arrays.stream(type.getEnumConstants()).map(ConfigChoice::configName).toList());
    }

    /** How the value is read: as an int, a long, a double, true or false, or a word. */
    public ConfigKey.Kind kind() {
        return kind;
    }

    /** For a choice, its names; otherwise empty. */
    public List<String> choices() {
        return choices;
    }

    /** The value given for {@code key}, checked; a {@link ConfigError} names the key and the value otherwise. */
    public T read(String key, ConfigValue value) {
        return parser.parse(key, value);
    }

    /** The value as run.json and the Spark ML Params hold it. */
    public Object plain(T value) {
        return plain.apply(value);
    }

    private static String raw(ConfigValue v) {
        return String.valueOf(v.unwrapped());
    }

    private static int integer(String key, ConfigValue v) {
        long n = whole(key, v);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw ConfigError.of(key, raw(v), "out of range for an integer");
        }
        return (int) n;
    }

    private static long whole(String key, ConfigValue v) {
        String s = raw(v).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            // Accept 2e4 / 20000.0 style whole numbers, reject fractions and words.
            try {
                double d = Double.parseDouble(s);
                if (d == Math.rint(d) && Math.abs(d) < 9e15) {
                    return (long) d;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error naming the key
            }
            throw ConfigError.of(key, s, "must be a whole number");
        }
    }

    private static double number(String key, ConfigValue v) {
        String s = raw(v).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw ConfigError.of(key, s, "must be a number");
        }
    }

    private static boolean bool(String key, ConfigValue v) {
        String s = word(key, v).trim().toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw ConfigError.of(key, s, "must be true or false");
        }
        return s.equals("true");
    }

    private static String word(String key, ConfigValue v) {
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw ConfigError.of(key, v.render(), "must be a single word");
        }
        return raw(v);
    }

    private static List<String> names(String key, ConfigValue v) {
        List<String> out = new ArrayList<>();
        if (v.valueType() == ConfigValueType.LIST) {
            for (Object o : (List<?>) v.unwrapped()) {
                out.add(String.valueOf(o).trim());
            }
            return out;
        }
        String s = word(key, v).trim();
        if (!s.isEmpty()) {
            for (String part : s.split(",", -1)) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static int countOrAuto(String key, ConfigValue v) {
        if (v.valueType() == ConfigValueType.STRING && AUTO.equalsIgnoreCase(raw(v).trim())) {
            return TrainConfig.AUTO_WORKERS;
        }
        int n = integer(key, v);
        ConfigError.require(n >= 1, key, n, "must be >= 1 or auto");
        return n;
    }
}
