package nanodiffusion.pipeline;

import nanodiffusion.config.DataSourceKind;
import nanodiffusion.data.DataSource;
import nanodiffusion.data.DataSources;
import nanodiffusion.eval.Charts;
import nanodiffusion.eval.PointCloud;
import nanodiffusion.eval.QualityFloors;
import nanodiffusion.eval.SampleEvaluator;
import nanodiffusion.eval.SampleMetrics;
import nanodiffusion.io.SampleTable;
import nanodiffusion.sample.SparkLikelihood;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** evaluate: metrics.json and plots for OUT/samples against a fresh true draw of the same size. */
public final class EvaluateStage {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateStage.class);
    private static final double PLOT_LIMIT = 1.5;
    private static final int DENSITY_BINS = 150;
    private static final int HISTOGRAM_BINS = 120;

    private EvaluateStage() {
    }

    public static void preflight(RunContext ctx, boolean samplesComeFirst) {
        if (!samplesComeFirst) {
            ctx.requireExists(ctx.layout.samplesCommitted(),
                    "no complete samples (run sample with the same --out first)");
        }
        ctx.requireFreeOrOverwrite(ctx.layout.metrics());
    }

    /** What evaluate measured: the metrics of the old keys, and the floors and ratios next to them. */
    public record Evaluation(SampleMetrics metrics, Map<String, Object> floors) {
    }

    public static Evaluation run(RunContext ctx, boolean likelihood) {
        preflight(ctx, false);
        long start = System.nanoTime();
        PointCloud samples = SampleTable.read(ctx.spark, ctx.layout.samples().toString());
        DataSource source = DataSources.of(ctx.config.data());
        SampleEvaluator evaluator = new SampleEvaluator(source, ctx.config.eval().directions(), ctx.config.seed());
        PointCloud truth = evaluator.truth(samples.size());
        SampleMetrics metrics = evaluator.evaluate(samples, truth);
        Map<String, Object> json = new LinkedHashMap<>(metrics.asJsonMap());
        Map<String, Object> floors = new QualityFloors(source, evaluator, ctx.config.eval().floorDraws(),
                ctx.config.seed()).evaluate(samples, truth, metrics.slicedW1());
        json.putAll(floors);
        if (likelihood) {
            json.putAll(likelihood(ctx));
        }
        ctx.json.write(ctx.layout.metrics(), json);

        PointCloud finite = samples.finite();
        // the ring's plots keep their fixed frame; other sources are framed by their true draw
        boolean ring = ctx.config.data().source() == DataSourceKind.RING;
        double[] radii = truth.radii();
        double limit = ring ? PLOT_LIMIT : 1.1 * quantile(radii, 0.999);
        Plots.write(ctx.storage, ctx.layout.plot("samples"), Charts.density(finite, limit, DENSITY_BINS));
        Plots.write(ctx.storage, ctx.layout.plot("radial"), Charts.histograms("Radius |x|", "r", finite.radii(),
                radii, ring ? 0.6 : 0, ring ? 1.4 : limit, HISTOGRAM_BINS));
        Plots.write(ctx.storage, ctx.layout.plot("angular"), Charts.histograms("Angle atan2(y, x)", "angle (rad)",
                finite.angles(), truth.angles(), -Math.PI, Math.PI, HISTOGRAM_BINS));

        Map<String, Object> result = new LinkedHashMap<>(json);
        result.put("seconds", (System.nanoTime() - start) / 1e9);
        ctx.record("evaluate", result);
        LOG.info("metrics: sliced_w1={} radial_w1={} angular_w1={} mean_radius={} std_radius={} n={} nonfinite={}",
                fmt(metrics.slicedW1()), fmt(metrics.radialW1()), fmt(metrics.angularW1()), fmt(metrics.meanRadius()),
                fmt(metrics.stdRadius()), metrics.nSamples(), metrics.nNonfinite());
        LOG.info("against a perfect sampler at n = {} (metric / mean of {} exact draws): sliced {}{}", samples.size(),
                floors.get("floor_draws"), fmt((double) floors.get("sliced_w1_ratio")), floors.containsKey(
                        "radial_w1_exact_ratio") ? ", radial (exact law) " + fmt((double) floors.get("radial_w1_exact_ratio"))
                        + ", angular (exact law) " + fmt((double) floors.get("angular_w1_exact_ratio")) : "");
        return new Evaluation(metrics, floors);
    }

    private static Map<String, Object> likelihood(RunContext ctx) {
        MultiLayerNetwork network = ctx.samplingNetwork();
        SparkLikelihood.Result r = new SparkLikelihood(JavaSparkContext.fromSparkContext(ctx.spark.sparkContext()),
                ctx.config).negativeLogLikelihood(network);
        LOG.info("nll={} nats over {} true points ({} score evaluations per point)", fmt(r.nll()), r.points(),
                String.format("%.0f", r.scoreEvaluationsPerPoint()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nll", r.nll());
        m.put("nll_points", r.points());
        m.put("nll_score_evaluations_per_point", r.scoreEvaluationsPerPoint());
        return m;
    }

    private static double quantile(double[] values, double p) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }
}
