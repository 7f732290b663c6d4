package nanodiffusion.pipeline;

import nanodiffusion.stall.JobWatch;
import nanodiffusion.data.DataSource;
import nanodiffusion.data.DataSources;
import nanodiffusion.eval.DrawGroups;
import nanodiffusion.eval.PointCloud;
import nanodiffusion.eval.QualityFloors;
import nanodiffusion.eval.SampleEvaluator;
import nanodiffusion.eval.SampleMetrics;
import nanodiffusion.eval.SamplePlots;
import nanodiffusion.io.RunLayout;
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

    private EvaluateStage() {
    }

    public static void preflight(RunContext ctx, boolean samplesComeFirst) {
        if (!samplesComeFirst) {
            ctx.requireExists(ctx.layout.samplesCommitted(),
                    "no complete samples (run sample with the same --out first)");
        }
        ctx.requireFreeOrOverwrite(RunLayout.Stage.EVALUATE);
    }

    /**
     * The run's samples, verified against their manifest, read by Spark jobs watched for a stall (a finished task is
     * the unit): the read is evaluation's distributed step; the metrics after it are plain Java on the driver.
     */
    static PointCloud readSamples(RunContext ctx) {
        var sc = ctx.spark.sparkContext();
        sc.setJobGroup("evaluate", "read and verify " + ctx.layout.samples(), false);
        try {
            return JobWatch.watched(sc, "evaluate", "evaluation task", null, ctx.config.stall(),
                    "the samples are kept: run evaluate with the same --out again",
                    () -> SampleTable.readVerified(ctx.spark, ctx.storage, ctx.layout.samples().toString(),
                            SampleTable.columns(ctx.config.data()), ctx.config.sample().count()));
        } finally {
            sc.clearJobGroup();
        }
    }

    /** What evaluate measured: the metrics of the old keys, and the floors and ratios next to them. */
    public record Evaluation(SampleMetrics metrics, Map<String, Object> floors) {
    }

    public static Evaluation run(RunContext ctx, boolean likelihood) {
        preflight(ctx, false);
        return DataRoute.of(ctx.config.data()).evaluate(ctx, likelihood);
    }

    /**
     * A generated source's samples against its exact law, with the floors of exact draws of the same size; with
     * eval.groups above 1, as that many equal independent draws ({@link DrawGroups}), the figures drawn from the first.
     */
    static Evaluation againstTheExactLaw(RunContext ctx, boolean likelihood) {
        long start = System.nanoTime();
        PointCloud samples = readSamples(ctx);
        DataSource source = DataSources.of(ctx.config.data());
        SampleEvaluator evaluator = new SampleEvaluator(source, ctx.config.eval().directions(), ctx.config.seed());
        QualityFloors quality = new QualityFloors(source, evaluator, ctx.config.eval().floorDraws(), ctx.config.seed());
        int groups = ctx.config.eval().groups();
        Scored scored = scored(samples, groups, evaluator, quality);
        SampleMetrics metrics = scored.metrics();
        Map<String, Object> floors = scored.floors();
        Map<String, Object> json = new LinkedHashMap<>(metrics.asJsonMap());
        json.putAll(floors);
        if (likelihood) {
            json.putAll(likelihood(ctx));
        }
        write(ctx, json, SamplePlots.of(scored.shown().finite(), scored.truth(), source), start);
        LOG.info("metrics{}: {}", groups == 1 ? "" : " (mean over " + groups + " groups)",
                metrics.asJsonMap().entrySet().stream()
                        .map(e -> e.getKey() + "=" + (e.getValue() instanceof Double d ? fmt(d) : e.getValue()))
                        .collect(java.util.stream.Collectors.joining(" ")));
        LOG.info("against a perfect sampler at n = {} (metric / mean of {} exact draws{}): {}",
                samples.size() / groups, floors.get("floor_draws"),
                groups == 1 ? "" : "; mean over " + groups + " groups +- its standard error", ratios(floors));
        if (floors.get("radius_skewness") instanceof Double skew) {
            LOG.info("radius law: skewness {} (exact law {}), excess kurtosis {} (exact law {})", fmt(skew),
                    fmt((Double) floors.get("radius_skewness_exact")),
                    fmt((Double) floors.get("radius_excess_kurtosis")),
                    fmt((Double) floors.get("radius_excess_kurtosis_exact")));
        }
        return new Evaluation(metrics, floors);
    }

    /** The metrics and metrics.json keys of the samples, and the points the figures show against their true draw. */
    private record Scored(SampleMetrics metrics, Map<String, Object> floors, PointCloud shown, PointCloud truth) {
    }

    /** The samples whole against one true draw, or as {@code groups} draws ({@link DrawGroups}) showing the first. */
    private static Scored scored(PointCloud samples, int groups, SampleEvaluator evaluator, QualityFloors quality) {
        if (groups == 1) {
            PointCloud truth = evaluator.truth(samples.size());
            QualityFloors.Scored scored = quality.evaluate(samples, truth);
            return new Scored(scored.metrics(), scored.keys(), samples, truth);
        }
        DrawGroups.Scores scores = DrawGroups.evaluate(samples, groups, evaluator, quality);
        PointCloud first = samples.slice(0, samples.size() / groups);
        return new Scored(scores.metrics(), scores.floors(), first, scores.truth());
    }

    /** metrics.json, the figures and the evaluate section of run.json (with the seconds since {@code start}). */
    static void write(RunContext ctx, Map<String, Object> metrics, Map<String, java.awt.image.BufferedImage> figures,
                      long start) {
        Map<String, Object> json = withoutAbsurdValues(metrics);
        ctx.removeOutputsFrom(RunLayout.Stage.EVALUATE); // figures the new evaluation does not draw go too
        ctx.json.write(ctx.layout.metrics(), json);
        figures.forEach((name, image) -> Plots.write(ctx.storage, ctx.layout.plot(name), image));
        Map<String, Object> result = new LinkedHashMap<>(json);
        result.put("seconds", (System.nanoTime() - start) / 1e9);
        ctx.record(RunLayout.Stage.EVALUATE, result);
    }

    /** Beyond this a metric says the samples overflowed (float samples end at 3.4e38), not how far they are. */
    static final double ABSURD = 1e30;

    /**
     * The metrics with every non-finite or absurd (|v| > {@link #ABSURD}) number replaced by null and named under
     * "invalid_metrics", so no such value is ever read as a result.
     */
    static Map<String, Object> withoutAbsurdValues(Map<String, Object> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        java.util.List<String> invalid = new java.util.ArrayList<>();
        metrics.forEach((k, v) -> {
            if (v instanceof Double d && !(Math.abs(d) <= ABSURD)) {
                invalid.add(k);
                out.put(k, null);
            } else {
                out.put(k, v);
            }
        });
        if (!invalid.isEmpty()) {
            LOG.warn("not a result, written as null: {} (non-finite or beyond {}; the samples hold no usable points or "
                    + "overflowed)", invalid, ABSURD);
            out.put("invalid_metrics", invalid);
        }
        return out;
    }

    /**
     * "sliced_w1 1.0200 (an exact draw: 1 +- 0.41), energy_distance 0.9800 ..." from the *_ratio keys and their
     * spreads (per-column ones left out); scored in groups (eval_groups) "sliced_w1 1.0200 +- 0.0900 (a perfect
     * sampler's mean of 10: 1 +- 0.13)", the spread of a mean of that many exact draws.
     */
    static String ratios(Map<String, Object> floors) {
        int groups = floors.get("eval_groups") instanceof Integer g ? g : 1;
        return floors.entrySet().stream().filter(e -> e.getKey().endsWith("_ratio") && !e.getKey().startsWith("w1"))
                .map(e -> e.getKey().replace("_ratio", "") + " " + fmt((double) e.getValue())
                        + (floors.get(e.getKey() + "_stderr") instanceof Double se ? " +- " + fmt(se) : "")
                        + (floors.get(e.getKey() + "_spread") instanceof Double sd
                        ? (groups == 1 ? " (an exact draw: 1 +- " : " (a perfect sampler's mean of " + groups
                        + ": 1 +- ") + String.format("%.2f", sd / Math.sqrt(groups)) + ")" : ""))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static Map<String, Object> likelihood(RunContext ctx) {
        MultiLayerNetwork network = ctx.samplingNetwork();
        SparkLikelihood.Result r = new SparkLikelihood(JavaSparkContext.fromSparkContext(ctx.spark.sparkContext()),
                ctx.config).negativeLogLikelihood(network);
        LOG.info("nll={} nats over {} true points ({} score evaluations per point)", fmt(r.nll()), r.points(),
                String.format("%.0f", r.scoreEvaluationsPerPoint()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nll", r.nll());
        m.put("nll_trace", ctx.config.eval().traceFor(ctx.config.data().dim()).configName());
        m.put("nll_points", r.points());
        m.put("nll_score_evaluations_per_point", r.scoreEvaluationsPerPoint());
        return m;
    }

    /** Four decimals, or four significant digits in exponent form when that would print a long number. */
    static String fmt(double v) {
        double a = Math.abs(v);
        return a >= 1e5 || (a > 0 && a < 1e-4) ? String.format("%.4g", v) : String.format("%.4f", v);
    }
}
