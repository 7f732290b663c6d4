package nanodiffusion.pipeline;

import nanodiffusion.data.Standardization;
import nanodiffusion.eval.HeldOutQuality;
import nanodiffusion.eval.PointCloud;
import nanodiffusion.eval.SampleMetrics;
import nanodiffusion.eval.SamplePlots;
import nanodiffusion.model.ModelStore;
import nanodiffusion.sample.SparkLikelihood;
import nanodiffusion.table.BadTable;
import nanodiffusion.table.HeldOutRows;
import nanodiffusion.table.UserTable;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * evaluate for a table model: the samples against the table's held-out rows (at most (K + 1) / K sample.count of
 * them reach the driver, K = eval.floorDraws, see {@link HeldOutRows}), metrics with their floors ({@link HeldOutQuality}), per-column histograms
 * and the corner plot; with --likelihood the NLL of the first eval.nllCount held-out rows in the table's units.
 */
final class TableEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(TableEvaluation.class);

    private TableEvaluation() {
    }

    static EvaluateStage.Evaluation run(RunContext ctx, boolean likelihood) {
        long start = System.nanoTime();
        List<String> columns = ctx.config.data().table().columns();
        UserTable table;
        try {
            table = UserTable.open(ctx.spark, ctx.config.data().table());
        } catch (BadTable e) {
            throw new BadTable("the model in " + ctx.layout.model() + " was trained on the columns "
                    + String.join(",", columns) + "; " + e.getMessage());
        }
        ModelStore store = new ModelStore(ctx.storage);
        Standardization standardization = store.standardization(ctx.layout.model())
                .orElse(Standardization.identity(columns.size()));
        PointCloud samples = EvaluateStage.readSamples(ctx);
        int draws = ctx.config.eval().floorDraws();
        int wanted = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((draws + 1L) * samples.size() / draws,
                ctx.config.eval().nllCount()));
        PointCloud heldOut = HeldOutRows.collect(table, ctx.config.seed(), wanted);
        Map<String, Object> json = new LinkedHashMap<>(new HeldOutQuality(columns, standardization,
                ctx.config.eval().directions(), draws).evaluate(samples, heldOut));
        json.put("dropped_invalid_rows", table.dropped());
        if (likelihood) {
            json.putAll(likelihood(ctx, heldOut, standardization));
        }
        EvaluateStage.write(ctx, json, SamplePlots.forTable(samples.finite(), heldOut, columns), start);
        LOG.info("against {} held-out rows (metric / the same metric of {} further draws of held-out rows): {}",
                json.get("eval_points"), draws, EvaluateStage.ratios(json));
        return new EvaluateStage.Evaluation(new SampleMetrics(columns.size(), value(json, "sliced_w1"), Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, value(json, "coordinate_w1_mean"), value(json, "coordinate_w1_max"),
                samples.size(), (int) json.get("n_nonfinite")), json);
    }

    private static double value(Map<String, Object> json, String key) {
        Object v = json.get(key);
        return v instanceof Double d ? d : Double.NaN;
    }

    /**
     * NLL in the table's units: the model's density is of z = (x - mean) / std, so log p_x(x) = log p_z(z) -
     * sum_c log std_c, and the NLL of x is that of z plus the log-Jacobian.
     */
    private static Map<String, Object> likelihood(RunContext ctx, PointCloud heldOut, Standardization standardization) {
        int n = Math.min(heldOut.size(), ctx.config.eval().nllCount());
        int d = heldOut.dim();
        double[] z = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                z[d * i + c] = heldOut.coordinate(c)[i];
            }
        }
        standardization.standardize(z);
        SparkLikelihood.Result r = new SparkLikelihood(JavaSparkContext.fromSparkContext(ctx.spark.sparkContext()),
                ctx.config).negativeLogLikelihood(ctx.samplingNetwork(), z, n);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nll", r.nll() + standardization.logJacobian());
        m.put("nll_standardized", r.nll());
        m.put("nll_points", r.points());
        m.put("nll_score_evaluations_per_point", r.scoreEvaluationsPerPoint());
        m.put("nll_trace", ctx.config.eval().traceFor(d).configName());
        LOG.info("nll={} nats per held-out row in the table's units ({} standardised) over {} rows", m.get("nll"),
                r.nll(), r.points());
        return m;
    }
}
