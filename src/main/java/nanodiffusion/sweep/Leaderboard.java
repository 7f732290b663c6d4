package nanodiffusion.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The sweep's results table: one row per trial, finished trials ranked by the sweep's metric (lower first), then
 * trials stopped early, then failed ones with their reason. Column names use '_' for the '.' of config keys (train.lr -> train_lr), so
 * pandas, DuckDB and Spark SQL read them without quoting.
 */
public final class Leaderboard {
    /** Value types of the columns, for Parquet. */
    public enum Type { STRING, LONG, DOUBLE, BOOLEAN }

    public record Column(String name, Type type, Function<TrialResult, Object> value) {
    }

    /** The metrics every leaderboard has a column for. */
    private static final Set<SweepMetric> OLD_METRICS = Set.of(SweepMetric.SLICED_W1, SweepMetric.RADIAL_W1,
            SweepMetric.ANGULAR_W1, SweepMetric.FINAL_LOSS);

    private final List<TrialResult> ranked;
    private final List<Column> columns;

    public Leaderboard(List<TrialResult> results, SweepSpec spec) {
        this.ranked = rank(results, spec.metric());
        this.columns = columns(ranked, spec);
    }

    public List<TrialResult> ranked() {
        return ranked;
    }

    public List<Column> columns() {
        return columns;
    }

    /** Ok trials by metric (NaN last), then stopped ones by their loss, then failed ones; ties by trial id. */
    static List<TrialResult> rank(List<TrialResult> results, SweepMetric metric) {
        List<TrialResult> r = new ArrayList<>(results);
        r.sort(Comparator.comparing(TrialResult::status)
                .thenComparingDouble(t -> t.status() == TrialResult.Status.STOPPED ? t.finalLoss() : 0)
                .thenComparing(t -> Double.isNaN(metric.of(t)))
                .thenComparingDouble(t -> Double.isNaN(metric.of(t)) ? 0 : metric.of(t))
                .thenComparing(TrialResult::id));
        return List.copyOf(r);
    }

    private static List<Column> columns(List<TrialResult> ranked, SweepSpec spec) {
        List<Column> c = new ArrayList<>();
        c.add(new Column("rank", Type.LONG, t -> t.ok() ? (long) ranked.indexOf(t) + 1 : null));
        c.add(new Column("trial_id", Type.STRING, TrialResult::id));
        c.add(new Column("status", Type.STRING, t -> t.status().jsonName()));
        Set<String> varied = new LinkedHashSet<>();
        ranked.forEach(t -> varied.addAll(t.varied().keySet()));
        for (String key : varied) {
            c.add(new Column(columnName(key), typeOf(ranked, key), t -> t.varied().get(key)));
        }
        c.add(new Column("steps", Type.LONG, t -> t.status() == TrialResult.Status.FAILED ? null : t.steps()));
        c.add(number("final_loss", TrialResult::finalLoss));
        c.add(number("sliced_w1", TrialResult::slicedW1));
        c.add(number("radial_w1", TrialResult::radialW1));
        c.add(number("angular_w1", TrialResult::angularW1));
        if (!OLD_METRICS.contains(spec.metric())) { // ranked by a perfect-sampler key: show it
            spec.metric().shown().forEach(m -> c.add(number(m.configName(), m::of)));
        }
        c.add(number("wall_seconds", TrialResult::wallSeconds));
        c.add(number("train_seconds", TrialResult::trainSeconds));
        c.add(number("samples_per_second", TrialResult::samplesPerSecond));
        if (!spec.targets().isEmpty()) {
            c.add(new Column("meets_targets", Type.BOOLEAN, spec::meetsTargets));
        }
        if (spec.earlyStopping().isPresent()) {
            c.add(new Column("early_stop", Type.STRING, TrialResult::earlyStop));
        }
        c.add(new Column("error", Type.STRING, TrialResult::error));
        return List.copyOf(c);
    }

    private static Column number(String name, java.util.function.ToDoubleFunction<TrialResult> f) {
        return new Column(name, Type.DOUBLE, t -> {
            double v = f.applyAsDouble(t);
            return Double.isFinite(v) ? v : null;
        });
    }

    static String columnName(String key) {
        return key.replace('.', '_');
    }

    /** LONG when every value is a whole number type, DOUBLE when every value is a number, else STRING. */
    private static Type typeOf(List<TrialResult> results, String key) {
        boolean allWhole = true;
        boolean allNumbers = true;
        for (TrialResult t : results) {
            Object v = t.varied().get(key);
            if (v == null) {
                continue;
            }
            allWhole &= v instanceof Integer || v instanceof Long;
            allNumbers &= v instanceof Number;
        }
        return allWhole ? Type.LONG : allNumbers ? Type.DOUBLE : Type.STRING;
    }

    /** A cell converted to its column's type (varied values may be Integer where the column is DOUBLE). */
    public static Object cell(Column column, TrialResult t) {
        Object v = column.value().apply(t);
        if (v == null) {
            return null;
        }
        return switch (column.type()) {
            case LONG -> ((Number) v).longValue();
            case DOUBLE -> ((Number) v).doubleValue();
            case BOOLEAN -> v;
            case STRING -> String.valueOf(v);
        };
    }

    /** RFC 4180 CSV with a header row; empty cells for missing values. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(Column::name).toList())).append('\n');
        for (TrialResult t : ranked) {
            List<String> cells = new ArrayList<>();
            for (Column c : columns) {
                Object v = cell(c, t);
                cells.add(v == null ? "" : quote(String.valueOf(v)));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** Ids of the ok trials no other ok trial beats on both wall time and metric (the Pareto front). */
    public static Set<String> paretoFront(List<TrialResult> results, SweepMetric metric) {
        Set<String> front = new LinkedHashSet<>();
        for (TrialResult a : results) {
            if (!a.ok() || Double.isNaN(metric.of(a))) {
                continue;
            }
            boolean dominated = results.stream().filter(b -> b.ok() && b != a && !Double.isNaN(metric.of(b)))
                    .anyMatch(b -> b.wallSeconds() <= a.wallSeconds() && metric.of(b) <= metric.of(a)
                            && (b.wallSeconds() < a.wallSeconds() || metric.of(b) < metric.of(a)));
            if (!dominated) {
                front.add(a.id());
            }
        }
        return front;
    }

    /** The row as a map, in column order (for JSON summaries). */
    public Map<String, Object> row(TrialResult t) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        columns.forEach(c -> m.put(c.name(), cell(c, t)));
        return m;
    }
}
