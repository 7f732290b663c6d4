package nanodiffusion.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link RunConfig} from three layers: {@code key=value} overrides, over an optional config file, over the
 * defaults file bundled in the jar (the same file as conf/nanodiffusion.conf). The settings read are those of
 * {@link Settings}, each checked by its {@link SettingType} as its record reads it; unknown keys and values of the
 * wrong type are errors naming the key.
 */
public final class ConfigLoader {
    /** Classpath copy of conf/nanodiffusion.conf, so the jar alone knows every default. */
    public static final String DEFAULTS_RESOURCE = "nanodiffusion/nanodiffusion.conf";

    private final Config config;
    private final Set<String> read = new HashSet<>();

    private ConfigLoader(Config config) {
        this.config = config;
    }

    /**
     * @param file      a config file layered over the defaults, or null for the defaults alone
     * @param overrides {@code key=value} strings, applied last
     */
    public static RunConfig load(File file, List<String> overrides) {
        return loadFiles(file == null ? List.of() : List.of(file), overrides);
    }

    /**
     * @param files     config files layered over the defaults, each over the ones before it
     * @param overrides {@code key=value} strings, applied last
     */
    public static RunConfig loadFiles(List<File> files, List<String> overrides) {
        Config settings = ConfigFactory.empty();
        for (File file : files) {
            if (file.isDirectory()) {
                throw new ConfigError("--conf " + file + ": is a folder, not a settings file");
            }
            if (!file.isFile()) {
                throw new ConfigError("--conf " + file + ": no such file");
            }
            settings = parse(file).withFallback(settings);
        }
        return loadLayered(settings, overrides);
    }

    /**
     * @param settings  settings layered over the defaults (e.g. a sweep's shared settings)
     * @param overrides {@code key=value} strings, applied last
     */
    public static RunConfig loadLayered(Config settings, List<String> overrides) {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config withOverrides = parseOverrides(overrides).withFallback(settings).withFallback(defaults);
        try {
            return new ConfigLoader(resolve(withOverrides)).build();
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage());
        }
    }

    /**
     * Resolves substitutions within the settings only: the environment is never read, so ${?VAR} of a secret is
     * absent and ${VAR} an error that names the variable, never its value.
     */
    public static Config resolve(Config settings) {
        return settings.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    }

    /** Parses a settings file, refusing includes ({@link NoIncludes}); syntax errors name the file. */
    public static Config parse(File file) {
        try {
            return ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false)
                    .setIncluder(new NoIncludes()));
        } catch (ConfigException e) {
            throw new ConfigError("--conf " + file + ": " + e.getMessage());
        }
    }

    /** {@code key=value} strings as a config layer. */
    public static Config parseOverrides(List<String> overrides) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigError("--set " + o + ": expected key=value, e.g. --set train.steps=500");
            }
            map.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        Config c = ConfigFactory.empty();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            try {
                c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), "--set " + e.getKey()));
            } catch (ConfigException ex) {
                throw new ConfigError("--set " + e.getKey() + ": not a valid key (" + ex.getMessage() + ")");
            }
        }
        return c;
    }

    private RunConfig build() {
        RunConfig rc = RunConfig.read(this::read);
        rejectUnknownKeys();
        return rc;
    }

    /** The checked value of {@code setting} in the layered settings (see {@link SettingType#read}). */
    private <T> T read(Setting<T> setting) {
        return setting.type().read(setting.key(), value(setting.key()));
    }

    private void rejectUnknownKeys() {
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            if (!read.contains(e.getKey())) {
                unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            String hint = closestKnown(first);
            throw new ConfigError("unknown key " + first + (unknown.size() > 1 ? " (and " + (unknown.size() - 1)
                    + " more: " + unknown + ")" : "") + (hint == null ? "" : "; did you mean " + hint + "?"));
        }
    }

    private String closestKnown(String key) {
        String best = null;
        int bestDistance = 4;
        for (String k : read) {
            int d = editDistance(key.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private ConfigValue value(String key) {
        read.add(key);
        if (!config.hasPath(key)) {
            throw new ConfigError("missing key " + key);
        }
        return config.getValue(key);
    }

    /**
     * Every setting of the table ({@link Settings}) in its order, with the type it is read as, its default and the
     * comment above it in the defaults file (for a key without one, the comment above its section's first commented
     * key, which describes the section).
     */
    public static List<ConfigKey> keyTable() {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        Map<String, String> sectionDoc = new LinkedHashMap<>(); // the comment above a section's first commented key
        for (Setting<?> s : Settings.ALL) {
            String own = comment(defaults.getValue(s.key()));
            if (!own.isEmpty()) {
                sectionDoc.putIfAbsent(section(s.key()), own);
            }
        }
        List<ConfigKey> table = new ArrayList<>();
        for (Setting<?> s : Settings.ALL) {
            String own = comment(defaults.getValue(s.key()));
            String doc = !own.isEmpty() ? own : sectionDoc.getOrDefault(section(s.key()), s.key());
            table.add(new ConfigKey(s.key(), s.type().kind(), s.plainDefault(), doc, s.type().choices()));
        }
        return table;
    }

    private static String comment(ConfigValue v) {
        return String.join(" ", v.origin().comments().stream().map(String::strip).toList()).strip();
    }

    private static String section(String key) {
        return key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    }

    /** Keys the loader reads, for documentation and tests. */
    static List<String> knownKeys() {
        ConfigLoader l = new ConfigLoader(ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(),
                DEFAULTS_RESOURCE).resolve());
        l.build();
        return new ArrayList<>(new TreeSet<>(l.read));
    }
}
