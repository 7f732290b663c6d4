package nanodiffusion.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import nanodiffusion.config.ConfigChoice;
import nanodiffusion.config.ConfigError;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.Setting;
import nanodiffusion.config.Settings;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a sweep spec: a settings file in the run's own format whose {@code sweep} section says what to vary, and
 * whose other keys are shared by every trial. Its single-valued keys and their defaults are {@link SweepSettings}'; errors
 * name the key and value.
 */
public final class SweepSpecLoader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SweepSpecLoader.class);
    static final String SECTION = "sweep";

    private SweepSpecLoader() {
    }

    /** The spec in {@code file} with {@code key=value} overrides (shared settings or sweep.* keys) on top. */
    public static SweepSpec load(File file, List<String> overrides) {
        if (file.isDirectory()) {
            throw new ConfigError("--spec " + file + ": is a folder, not a sweep spec");
        }
        if (!file.isFile()) {
            throw new ConfigError("--spec " + file + ": no such file");
        }
        Config all = ConfigLoader.parseOverrides(overrides).withFallback(ConfigLoader.parse(file));
        try {
            return read(ConfigLoader.resolve(all), "--spec " + file);
        } catch (ConfigException e) {
            throw new ConfigError("--spec " + file + ": " + e.getMessage());
        }
    }

    static SweepSpec read(Config all, String source) {
        if (!all.hasPath(SECTION) || all.getValue(SECTION).valueType() != ConfigValueType.OBJECT) {
            throw new ConfigError(source + ": no sweep { ... } section (see conf/sweeps/smoke.conf)");
        }
        Config s = all.getConfig(SECTION);
        Set<String> known = SweepSettings.topLevelKeys();
        for (String key : s.root().keySet()) {
            if (!known.contains(key)) {
                throw ConfigError.of("sweep." + key, s.getValue(key).render(ConfigRenderOptions.concise()), "unknown sweep key (known: "
                        + new java.util.TreeSet<>(known) + ")");
            }
        }
        SweepMode mode = SweepSettings.MODE.in(s);
        int parallel = SweepSettings.atLeast(SweepSettings.PARALLEL_TRIALS, s, 1);
        SweepMetric metric = SweepSettings.METRIC.in(s);
        Map<String, List<Object>> grid = grid(s);
        int draws = SweepSettings.atLeast(SweepSettings.RANDOM_DRAWS, s, 0);
        long randomSeed = SweepSettings.RANDOM_SEED.in(s);
        Map<String, Distribution> random = random(s);
        ConfigError.require(draws > 0 || random.isEmpty(), "sweep.random.draws", draws,
                "must be at least 1 when random keys are given");
        for (String key : random.keySet()) {
            ConfigError.require(!grid.containsKey(key), "sweep.random." + key, "", "is also in sweep.grid");
        }
        Budget budget = budget(s);
        if (budget.steps(1).isPresent()) {
            requireNotVaried(Settings.TRAIN_STEPS, grid, random, "sweep.budget", budget.describe());
        }
        Optional<LrScaling> scaling = lrScaling(s);
        if (scaling.isPresent()) {
            requireNotVaried(Settings.TRAIN_LR, grid, random, "sweep.lrScaling", "");
        }
        int maxTrials = SweepSettings.atLeast(SweepSettings.MAX_TRIALS, s, 1);
        if (mode == SweepMode.TRIAL_PARALLEL && parallel > 1) {
            LOG.info("trial-parallel: as many trials train at once as Spark has task slots; sweep.parallelTrials "
                    + "applies to distributed mode");
        }
        return new SweepSpec(SweepScheduling.of(mode, parallel), metric, budget, grid, draws, randomSeed, random, scaling, targets(s),
                earlyStopping(s), all.withoutPath(SECTION), maxTrials);
    }

    /** A setting that {@code sweepKey} sets for every trial may not be varied as well. */
    private static void requireNotVaried(Setting<?> setting, Map<String, List<Object>> grid,
                                         Map<String, Distribution> random, String sweepKey, Object value) {
        String key = setting.key();
        ConfigError.require(!grid.containsKey(key) && !random.containsKey(key), sweepKey, value,
                "sets " + key + " itself; remove " + key + " from sweep.grid and sweep.random");
    }

    private static Map<String, List<Object>> grid(Config s) {
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        if (!s.hasPath("grid")) {
            return grid;
        }
        for (Map.Entry<String, ConfigValue> e : leavesInFileOrder(s.getConfig("grid"))) {
            String key = e.getKey();
            ConfigValue v = e.getValue();
            if (v.valueType() != ConfigValueType.LIST || ((List<?>) v.unwrapped()).isEmpty()) {
                throw ConfigError.of("sweep.grid." + key, v.render(ConfigRenderOptions.concise()), "must be a non-empty list of values");
            }
            grid.put(unquote(key), new ArrayList<>((List<?>) v.unwrapped()));
        }
        return grid;
    }

    private static Map<String, Distribution> random(Config s) {
        Map<String, Distribution> random = new LinkedHashMap<>();
        if (!s.hasPath("random")) {
            return random;
        }
        Config r = s.getConfig("random");
        for (SweepSettings.Entry<?> own : SweepSettings.ALL) { // random.draws, random.seed: not keys to vary
            if (own.key().startsWith("random.")) {
                r = r.withoutPath(own.key().substring("random.".length()));
            }
        }
        for (Map.Entry<String, ConfigValue> e : leavesInFileOrder(r)) {
            List<String> path = ConfigUtil.splitPath(e.getKey());
            String key = String.join(".", path.subList(0, path.size() - 1));
            if (path.size() < 2) {
                throw ConfigError.of("sweep.random." + e.getKey(), e.getValue().render(ConfigRenderOptions.concise()),
                        "expected key { uniform|logUniform|intUniform = [lo, hi] } or key { choice = [...] }");
            }
            if (random.containsKey(key)) {
                throw ConfigError.of("sweep.random." + key, "", "has more than one distribution");
            }
            Object args = e.getValue().unwrapped();
            random.put(key, Distribution.of(key, path.get(path.size() - 1),
                    args instanceof List<?> l ? new ArrayList<>(l) : List.of(args)));
        }
        return random;
    }

    private static Optional<LrScaling> lrScaling(Config s) {
        if (!s.hasPath("lrScaling")) {
            return Optional.empty();
        }
        Config l = s.getConfig("lrScaling");
        double base = l.getDouble("base");
        int baseBatch = l.getInt("baseBatch");
        List<Double> powers = l.getDoubleList("power");
        ConfigError.require(base > 0, "sweep.lrScaling.base", base, "must be positive");
        ConfigError.require(baseBatch > 0, "sweep.lrScaling.baseBatch", baseBatch, "must be positive");
        ConfigError.require(!powers.isEmpty(), "sweep.lrScaling.power", powers, "must list at least one power");
        return Optional.of(new LrScaling(base, baseBatch, powers));
    }

    private static Optional<EarlyStopping> earlyStopping(Config s) {
        if (!s.hasPath("earlyStopping")) {
            return Optional.empty();
        }
        Config e = s.getConfig("earlyStopping");
        for (String key : e.root().keySet()) {
            ConfigError.require(Set.of("rungs", "reduction").contains(key), "sweep.earlyStopping." + key,
                    e.getValue(key).render(ConfigRenderOptions.concise()), "unknown key (known: rungs, reduction)");
        }
        List<Double> rungs = e.getDoubleList("rungs");
        int reduction = SweepSettings.EARLY_STOPPING_REDUCTION.in(s);
        ConfigError.require(!rungs.isEmpty(), "sweep.earlyStopping.rungs", rungs, "must list at least one rung");
        for (int i = 0; i < rungs.size(); i++) {
            double f = rungs.get(i);
            ConfigError.require(f > 0 && f < 1 && (i == 0 || f > rungs.get(i - 1)), "sweep.earlyStopping.rungs", rungs,
                    "must be increasing fractions of the training steps, each in (0, 1)");
        }
        ConfigError.require(reduction >= 2, SweepSettings.EARLY_STOPPING_REDUCTION.fullKey(), reduction,
                "must be at least 2");
        return Optional.of(new EarlyStopping(rungs, reduction));
    }

    private static Budget budget(Config s) {
        if (!s.hasPath("budget")) {
            return new Budget.Unlimited();
        }
        Config b = s.getConfig("budget");
        Set<String> kinds = b.root().keySet();
        if (kinds.size() != 1 || !Set.of("steps", "samples", "seconds").containsAll(kinds)) {
            throw ConfigError.of("sweep.budget", b.root().render(ConfigRenderOptions.concise()), "must set exactly one of steps, samples, seconds");
        }
        String kind = kinds.iterator().next();
        double amount = b.getDouble(kind);
        ConfigError.require(amount > 0, "sweep.budget." + kind, amount, "must be positive");
        return switch (kind) {
            case "steps" -> new Budget.Steps(wholeNumber("sweep.budget.steps", amount));
            case "samples" -> new Budget.Samples(wholeNumber("sweep.budget.samples", amount));
            default -> new Budget.Seconds(amount);
        };
    }

    private static long wholeNumber(String key, double v) {
        ConfigError.require(v == Math.rint(v), key, v, "must be a whole number");
        return (long) v;
    }

    private static Map<SweepMetric, Double> targets(Config s) {
        Map<SweepMetric, Double> targets = new LinkedHashMap<>();
        if (s.hasPath("targets")) {
            Config t = s.getConfig("targets");
            for (String key : new TreeMap<>(t.root()).keySet()) {
                targets.put(ConfigChoice.parse(SweepMetric.class, "sweep.targets." + key, key), t.getDouble(key));
            }
        }
        return targets;
    }

    /** Leaf entries of {@code c} ordered by where they appear in the file, so trial order follows the spec. */
    private static List<Map.Entry<String, ConfigValue>> leavesInFileOrder(Config c) {
        List<Map.Entry<String, ConfigValue>> leaves = new ArrayList<>(c.entrySet());
        leaves.sort(java.util.Comparator.comparingInt((Map.Entry<String, ConfigValue> e) ->
                        e.getValue().origin().lineNumber()).thenComparing(Map.Entry::getKey));
        return leaves;
    }

    /** "train.batchSize" written as one quoted key comes back quoted from entrySet. */
    private static String unquote(String key) {
        return String.join(".", ConfigUtil.splitPath(key));
    }
}
