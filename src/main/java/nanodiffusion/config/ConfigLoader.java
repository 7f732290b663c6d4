package nanodiffusion.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

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
 * defaults file bundled in the jar (the same file as conf/nanodiffusion.conf). Unknown keys and values of the wrong
 * type are errors naming the key.
 */
public final class ConfigLoader {
    /** Classpath copy of conf/nanodiffusion.conf, so the jar alone knows every default. */
    public static final String DEFAULTS_RESOURCE = "nanodiffusion/nanodiffusion.conf";
    public static final String AUTO = "auto";

    private final Config config;
    private final Set<String> read = new HashSet<>();
    private final Map<String, ConfigKey.Kind> kinds = new LinkedHashMap<>(); // in the order build() reads them
    private final Map<String, List<String>> choices = new LinkedHashMap<>();

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
        RunConfig rc = new RunConfig(
                longValue("seed"),
                new DataConfig(choice(DataSourceKind.class, "data.source"), intValue("data.dim"),
                        doubleValue("data.scale"), new TableConfig(stringValue("data.path"),
                        choice(TableFormat.class, "data.format"), names("data.columns"), doubleValue("data.holdout"),
                        booleanValue("data.standardize"), booleanValue("data.dropInvalid"))),
                new SdeConfig(doubleValue("sde.betaMin"), doubleValue("sde.betaMax"), doubleValue("sde.T")),
                new ModelConfig(intValue("model.width"), intValue("model.depth"),
                        choice(ActivationKind.class, "model.activation"),
                        choice(ScoreOutputKind.class, "model.output"),
                        choice(TimeInputKind.class, "model.timeInput")),
                new TrainConfig(intValue("train.steps"), intValue("train.batchSize"), workers(),
                        intValue("train.averagingFrequency"), doubleValue("train.lr"),
                        new LrScheduleConfig(choice(LrScheduleKind.class, "train.lrSchedule"),
                                doubleValue("train.lrMin"), intValue("train.warmupSteps"),
                                intValue("train.lrStepEvery"), doubleValue("train.lrStepFactor")),
                        doubleValue("train.emaDecay"), intValue("train.logEvery"),
                        new CheckpointConfig(intValue("train.checkpointEvery"), intValue("train.keepCheckpoints")),
                        new TimeSamplingConfig(choice(TimeSamplingKind.class, "train.tSampling"),
                                doubleValue("train.tMin"), doubleValue("train.pMean"), doubleValue("train.pStd"),
                                doubleValue("train.uniformMix"))),
                new SampleConfig(longValue("sample.count"), intValue("sample.partitions"), doubleValue("sample.dt"),
                        doubleValue("sample.gridPower"), intValue("sample.batchSize"),
                        choice(SamplerKind.class, "sample.method"),
                        choice(WeightsKind.class, "sample.weights"),
                        choice(OdeSolverKind.class, "sample.odeSolver"),
                        doubleValue("sample.rtol"), doubleValue("sample.atol"), doubleValue("sample.snr"),
                        new FewStepConfig(intValue("sample.steps"), choice(StepScheduleKind.class, "sample.schedule"),
                                doubleValue("sample.rho"), doubleValue("sample.tMin"), intValue("sample.order"),
                                doubleValue("sample.eta"), doubleValue("sample.etaNoiseMin"),
                                new LogSnrBand(doubleValue("sample.bandFrom"), doubleValue("sample.bandTo"),
                                        doubleValue("sample.bandDensity"))),
                        longValue("sample.maxCount")),
                new EvalConfig(intValue("eval.directions"), intValue("eval.floorDraws"), intValue("eval.nllCount"),
                        doubleValue("eval.nllTolerance"), choice(TraceKind.class, "eval.nllTrace"),
                        intValue("eval.nllProbes")));
        rejectUnknownKeys();
        return rc;
    }

    /** train.workers: a count >= 1, or auto ({@link TrainConfig#AUTO_WORKERS}). */
    private int workers() {
        String key = "train.workers";
        ConfigValue v = value(key);
        if (v.valueType() == ConfigValueType.STRING && AUTO.equalsIgnoreCase(String.valueOf(v.unwrapped()).trim())) {
            kinds.put(key, ConfigKey.Kind.STRING);
            return TrainConfig.AUTO_WORKERS;
        }
        int n = intValue(key);
        ConfigError.require(n >= 1, key, n, "must be >= 1 or auto");
        kinds.put(key, ConfigKey.Kind.STRING);
        return n;
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

    private String raw(String key) {
        Object v = value(key).unwrapped();
        return String.valueOf(v);
    }

    private int intValue(String key) {
        long v = longValue(key);
        kinds.put(key, ConfigKey.Kind.INT);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw ConfigError.of(key, raw(key), "out of range for an integer");
        }
        return (int) v;
    }

    private long longValue(String key) {
        kinds.putIfAbsent(key, ConfigKey.Kind.LONG); // intValue reads through here and marks INT after
        String s = raw(key).trim();
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

    private double doubleValue(String key) {
        kinds.put(key, ConfigKey.Kind.DOUBLE);
        String s = raw(key).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw ConfigError.of(key, s, "must be a number");
        }
    }

    /** A list of names, given as a list or as one comma-separated string; empty for "" or []. */
    private List<String> names(String key) {
        ConfigValue v = value(key);
        kinds.put(key, ConfigKey.Kind.STRING);
        List<String> out = new ArrayList<>();
        if (v.valueType() == ConfigValueType.LIST) {
            for (Object o : (List<?>) v.unwrapped()) {
                out.add(String.valueOf(o).trim());
            }
            return out;
        }
        String s = stringValue(key).trim();
        if (!s.isEmpty()) {
            for (String part : s.split(",", -1)) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private boolean booleanValue(String key) {
        String s = stringValue(key).trim().toLowerCase(java.util.Locale.ROOT);
        kinds.put(key, ConfigKey.Kind.BOOLEAN);
        if (!s.equals("true") && !s.equals("false")) {
            throw ConfigError.of(key, s, "must be true or false");
        }
        return s.equals("true");
    }

    /** The enum constant the key names (see {@link ConfigChoice}). */
    private <E extends Enum<E> & ConfigChoice> E choice(Class<E> type, String key) {
        choices.put(key, java.util.Arrays.stream(type.getEnumConstants()).map(ConfigChoice::configName).toList());
        return ConfigChoice.parse(type, key, stringValue(key));
    }

    private String stringValue(String key) {
        ConfigValue v = value(key);
        kinds.putIfAbsent(key, ConfigKey.Kind.STRING);
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw ConfigError.of(key, v.render(), "must be a single word");
        }
        return String.valueOf(v.unwrapped());
    }

    /**
     * Every key the loader reads, in the order it reads them, with the type it is read as, its
     * default and the comment above it in the defaults file (for a key without one, the comment above its section's
     * first commented key, which describes the section).
     */
    public static List<ConfigKey> keyTable() {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        ConfigLoader l = new ConfigLoader(resolve(defaults));
        l.build();
        List<ConfigKey> table = new ArrayList<>();
        Map<String, String> sectionDoc = new LinkedHashMap<>(); // the comment above a section's first commented key
        for (String key : l.kinds.keySet()) {
            String own = comment(defaults.getValue(key));
            if (!own.isEmpty()) {
                sectionDoc.putIfAbsent(section(key), own);
            }
        }
        for (Map.Entry<String, ConfigKey.Kind> e : l.kinds.entrySet()) {
            String key = e.getKey();
            ConfigValue v = defaults.getValue(key);
            String own = comment(v);
            String doc = !own.isEmpty() ? own : sectionDoc.getOrDefault(section(key), key);
            Object value = switch (e.getValue()) {
                case INT -> l.intValue(key);
                case LONG -> l.longValue(key);
                case DOUBLE -> l.doubleValue(key);
                case BOOLEAN -> l.booleanValue(key);
                case STRING -> String.valueOf(v.unwrapped());
            };
            table.add(new ConfigKey(key, e.getValue(), value, doc, l.choices.getOrDefault(key, List.of())));
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
