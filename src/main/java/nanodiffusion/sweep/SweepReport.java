package nanodiffusion.sweep;

import nanodiffusion.io.SweepLayout;
import com.typesafe.config.ConfigValueFactory;
import nanodiffusion.config.RunConfig;
import nanodiffusion.eval.SweepCharts;
import nanodiffusion.eval.SweepCharts.Point;
import nanodiffusion.io.BuildInfo;
import nanodiffusion.pipeline.Plots;
import nanodiffusion.pipeline.RunContext;
import nanodiffusion.sweep.Leaderboard;
import nanodiffusion.sweep.LrScaling;
import nanodiffusion.sweep.RungBoard;
import nanodiffusion.sweep.SweepSpec;
import nanodiffusion.sweep.TrialResult;
import nanodiffusion.train.LossHistory;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** A sweep's results: leaderboard (Parquet and CSV), plots, the best trial's settings as a conf file, sweep.json. */
final class SweepReport {
    private static final Logger LOG = LoggerFactory.getLogger(SweepReport.class);

    private final RunContext ctx;
    private final SweepSpec spec;
    private final SweepLayout layout;
    private final Map<String, RunConfig> configs;

    SweepReport(RunContext ctx, SweepSpec spec, SweepLayout layout, Map<String, RunConfig> configs) {
        this.ctx = ctx;
        this.spec = spec;
        this.layout = layout;
        this.configs = configs;
    }

    void write(List<TrialResult> results, double seconds) {
        Leaderboard board = new Leaderboard(results, spec);
        ctx.storage.writeText(layout.leaderboardCsv(), board.toCsv());
        writeParquet(board);
        writePlots(results);
        Optional<TrialResult> best = board.ranked().stream().filter(TrialResult::ok).findFirst();
        best.ifPresent(b -> ctx.storage.writeText(layout.bestConf(), bestConf(b)));
        Optional<TrialResult> fastest = results.stream().filter(spec::meetsTargets)
                .min(java.util.Comparator.comparingDouble(TrialResult::wallSeconds));
        writeSweepJson(board, best, fastest, seconds);
        if (spec.earlyStopping().isPresent()) {
            ctx.storage.writeText(layout.earlyStoppingCsv(),
                    new RungBoard(ctx.storage, layout.earlyStopping()).decisionsCsv());
        }

        long failed = results.stream().filter(r -> r.status() == TrialResult.Status.FAILED).count();
        long stopped = results.stream().filter(r -> r.status() == TrialResult.Status.STOPPED).count();
        LOG.info("sweep done in {}s: {} trials, {} stopped early, {} failed; leaderboard {} and {}",
                String.format("%.1f", seconds), results.size(), stopped, failed, layout.leaderboardCsv(),
                layout.leaderboard());
        best.ifPresent(b -> LOG.info("best by {}: trial {} {} = {} ({}); settings in {}", spec.metric().configName(),
                b.id(), b.varied(), SweepRunner.fmt(spec.metric().of(b)), b.wallSeconds() > 0
                        ? String.format("%.1fs", b.wallSeconds()) : "", layout.bestConf()));
        if (!spec.targets().isEmpty()) {
            LOG.info(fastest.map(f -> "fastest trial meeting the targets " + targetsText() + ": " + f.id() + " "
                    + f.varied() + " in " + String.format("%.1fs", f.wallSeconds()))
                    .orElse("no trial meets the targets " + targetsText()));
        }
    }

    private String targetsText() {
        List<String> t = new ArrayList<>();
        spec.targets().forEach((k, v) -> t.add(k.configName() + " <= " + v));
        return String.join(", ", t);
    }

    private void writeParquet(Leaderboard board) {
        List<StructField> fields = new ArrayList<>();
        for (Leaderboard.Column c : board.columns()) {
            fields.add(DataTypes.createStructField(c.name(), sparkType(c.type()), true));
        }
        List<Row> rows = new ArrayList<>();
        for (TrialResult t : board.ranked()) {
            rows.add(RowFactory.create(board.columns().stream().map(c -> Leaderboard.cell(c, t)).toArray()));
        }
        ctx.storage.writeFolderAtomically(layout.leaderboard(), staging -> {
            ctx.spark.createDataFrame(rows, DataTypes.createStructType(fields)).coalesce(1).write()
                    .parquet(staging.toString());
            return null;
        });
    }

    private static DataType sparkType(Leaderboard.Type type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }

    private void writePlots(List<TrialResult> results) {
        List<TrialResult> ok = results.stream().filter(TrialResult::ok).toList();
        String metric = spec.metric().configName();
        boolean scaled = spec.lrScaling().isPresent();
        Plots.write(ctx.storage, layout.plot("quality_vs_batch_size"), SweepCharts.scatter(
                metric + " against batch size", "batch size", metric, true,
                groups(ok, t -> scaled ? "lr power p = " + t.varied().get(LrScaling.POWER_KEY) : "trials",
                        t -> configs.get(t.id()).train().batchSize())));
        Plots.write(ctx.storage, layout.plot("quality_vs_learning_rate"), SweepCharts.scatter(
                metric + " against learning rate", "learning rate", metric, true,
                groups(ok, t -> "batch " + configs.get(t.id()).train().batchSize(),
                        t -> configs.get(t.id()).train().lr())));
        Set<String> front = Leaderboard.paretoFront(ok, spec.metric());
        Plots.write(ctx.storage, layout.plot("quality_vs_wall_time"), SweepCharts.paretoFront(metric,
                points(ok, t -> true), points(ok, t -> front.contains(t.id()))));
        Map<String, List<Point>> curves = new LinkedHashMap<>();
        for (TrialResult t : results.stream().filter(r -> r.status() != TrialResult.Status.FAILED).toList()) {
            Path csv = layout.trial(t.id()).lossCsv();
            if (ctx.storage.exists(csv)) {
                int batch = configs.get(t.id()).train().batchSize();
                curves.put(t.id(), LossHistory.fromCsv(ctx.storage.readText(csv)).points().stream()
                        .map(p -> new Point((double) p.step() * batch, p.loss())).toList());
            }
        }
        Plots.write(ctx.storage, layout.plot("loss_curves"), SweepCharts.lossCurves(curves));
    }

    private Map<String, List<Point>> groups(List<TrialResult> ok, Function<TrialResult, String> group,
                                            Function<TrialResult, Number> x) {
        Map<String, List<Point>> g = new TreeMap<>();
        for (TrialResult t : ok) {
            g.computeIfAbsent(group.apply(t), k -> new ArrayList<>())
                    .add(new Point(x.apply(t).doubleValue(), spec.metric().of(t)));
        }
        return g;
    }

    private List<Point> points(List<TrialResult> ok, java.util.function.Predicate<TrialResult> keep) {
        return ok.stream().filter(keep).map(t -> new Point(t.wallSeconds(), spec.metric().of(t))).toList();
    }

    /** Every setting of the best trial, one key = value per line, loadable with --conf. */
    private String bestConf(TrialResult best) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Best trial ").append(best.id()).append(" of the sweep in ").append(layout.root())
                .append(" by ").append(spec.metric().configName()).append(" = ").append(spec.metric().of(best))
                .append("\n# varied: ").append(best.varied()).append("\n");
        configs.get(best.id()).asFlatMap().forEach((k, v) ->
                sb.append(k).append(" = ").append(ConfigValueFactory.fromAnyRef(v).render()).append('\n'));
        return sb.toString();
    }

    private void writeSweepJson(Leaderboard board, Optional<TrialResult> best, Optional<TrialResult> fastest,
                                double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", spec.scheduling().configName());
        m.put("metric", spec.metric().configName());
        m.put("budget", spec.budget().describe());
        m.put("parallel_trials", spec.scheduling().parallelTrials(ctx.spark.sparkContext().defaultParallelism()));
        m.put("shared_settings", ctx.config.asFlatMap());
        m.put("trials", board.ranked().size());
        m.put("failed", board.ranked().stream().filter(r -> r.status() == TrialResult.Status.FAILED).count());
        m.put("stopped_early", board.ranked().stream().filter(r -> r.status() == TrialResult.Status.STOPPED).count());
        m.put("best", best.map(board::row).orElse(null));
        if (!spec.targets().isEmpty()) {
            Map<String, Object> targets = new LinkedHashMap<>();
            spec.targets().forEach((k, v) -> targets.put(k.configName(), v));
            m.put("targets", targets);
            m.put("fastest_meeting_targets", fastest.map(board::row).orElse(null));
        }
        m.put("seconds_this_attempt", seconds);
        m.put("versions", BuildInfo.versions(ctx.spark.version()));
        m.put("git_commit", BuildInfo.gitCommit());
        ctx.json.write(layout.sweepJson(), m);
    }
}
