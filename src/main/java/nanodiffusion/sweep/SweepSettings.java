package nanodiffusion.sweep;

import com.typesafe.config.Config;
import nanodiffusion.config.ConfigError;
import nanodiffusion.config.SettingType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static nanodiffusion.config.SettingType.INT;
import static nanodiffusion.config.SettingType.LONG;
import static nanodiffusion.config.SettingType.choice;

/**
 * The sweep section's own settings, declared once: key, type and default, read with the run settings' types
 * ({@link SettingType}: the same checks and the same "key = value: reason" errors). Beside these the section holds
 * the structured parts {@link #PARTS} (what to vary, the budget, the bars), which are maps, not single values.
 * docs/sweeps.md's table of sweep keys is held to this one by a test.
 */
public final class SweepSettings {
    private static final List<Entry<?>> DECLARED = new ArrayList<>();

    private SweepSettings() {
    }

    /** One sweep setting: its key inside {@code sweep { }}, its type and its default. */
    public record Entry<T>(String key, SettingType<T> type, T defaultValue) {
        /** Its value in the sweep section {@code section}, checked, or its default when the section does not set it. */
        public T in(Config section) {
            return section.hasPath(key) ? type.read(fullKey(), section.getValue(key)) : defaultValue;
        }

        /** The key as a spec or {@code --set} writes it. */
        public String fullKey() {
            return SweepSpecLoader.SECTION + "." + key;
        }

        /** The default as a spec writes it. */
        public Object plainDefault() {
            return type.plain(defaultValue);
        }
    }

    public static final Entry<SweepMode> MODE = declare("mode", choice(SweepMode.class), SweepMode.DISTRIBUTED);
    public static final Entry<Integer> PARALLEL_TRIALS = declare("parallelTrials", INT, 1);
    public static final Entry<SweepMetric> METRIC = declare("metric", choice(SweepMetric.class), SweepMetric.SLICED_W1);
    /** Trials a spec may expand to unless it says more: a typo'd grid should not start 10,000 runs. */
    public static final Entry<Integer> MAX_TRIALS = declare("maxTrials", INT, 1000);
    public static final Entry<Integer> RANDOM_DRAWS = declare("random.draws", INT, 0);
    public static final Entry<Long> RANDOM_SEED = declare("random.seed", LONG, 0L);
    public static final Entry<Integer> EARLY_STOPPING_REDUCTION = declare("earlyStopping.reduction", INT, 3);

    /** Every sweep setting, in declaration order. */
    public static final List<Entry<?>> ALL = Collections.unmodifiableList(DECLARED);

    /** The section's structured parts, each a map of its own. */
    public static final Set<String> PARTS = Set.of("budget", "grid", "random", "lrScaling", "targets", "earlyStopping");

    /** The keys a sweep section may hold at its top level: each setting's first part, and the structured parts. */
    static Set<String> topLevelKeys() {
        Set<String> keys = new LinkedHashSet<>();
        ALL.forEach(e -> keys.add(e.key().split("\\.")[0]));
        keys.addAll(PARTS);
        return keys;
    }

    /** {@code entry}'s value in {@code section}, which must be at least {@code min}. */
    static int atLeast(Entry<Integer> entry, Config section, int min) {
        int v = entry.in(section);
        ConfigError.require(v >= min, entry.fullKey(), v, min == 0 ? "must be 0 or more" : "must be at least " + min);
        return v;
    }

    private static <T> Entry<T> declare(String key, SettingType<T> type, T defaultValue) {
        Entry<T> e = new Entry<>(key, type, defaultValue);
        DECLARED.add(e);
        return e;
    }
}
