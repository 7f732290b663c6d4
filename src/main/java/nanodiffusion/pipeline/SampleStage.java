package nanodiffusion.pipeline;

import nanodiffusion.io.RunLayout;
import nanodiffusion.model.FlopCount;
import nanodiffusion.model.ModelStore;
import nanodiffusion.sample.SparkSampler;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** sample: draws sample.count points with the trained network into OUT/samples (Parquet), committed whole. */
public final class SampleStage {
    private static final Logger LOG = LoggerFactory.getLogger(SampleStage.class);

    private SampleStage() {
    }

    public static void preflight(RunContext ctx, boolean modelComesFirst) {
        if (!modelComesFirst) {
            ctx.requireExists(ctx.layout.modelCommitted(), "no complete trained model (run train with the same --out first)");
        }
        ctx.requireFreeOrOverwrite(RunLayout.Stage.SAMPLE);
    }

    public static void run(RunContext ctx) {
        preflight(ctx, false);
        MultiLayerNetwork network = ctx.samplingNetwork();
        SparkSampler sampler = new SparkSampler(ctx.spark, ctx.config);
        var sc = ctx.config.sample();
        String grid = sc.method().fewStep()
                ? String.format("%d network evaluations on the %s schedule to tMin = %s, then a denoising step",
                sc.fewStep().steps(), nanodiffusion.sde.Samplers.schedule(sc).configName(), sc.fewStep().tMin())
                : String.format("%d steps on the time grid of power %s", sampler.plan().steps(), sc.gridPower());
        LOG.info("sampling {} points with {} ({} weights): {} blocks over {} partitions, {}", sc.count(),
                sc.method().configName(), sc.weights().configName(), sampler.plan().blocks(),
                sampler.plan().partitions(), grid);
        long start = System.nanoTime();
        ctx.removeOutputsFrom(RunLayout.Stage.EVALUATE); // an evaluation of the samples being replaced
        SparkSampler.Sampled sampled = ctx.storage.writeFolderAtomically(ctx.layout.samples(),
                staging -> sampler.sampleTo(network, new ModelStore(ctx.storage).standardization(ctx.layout.model()),
                        staging.toString()));
        double seconds = (System.nanoTime() - start) / 1e9;
        double scoreEvaluations = sampled.evaluationsPerSample();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", ctx.config.sample().count());
        result.put("partitions", ctx.config.sample().partitions());
        result.put("method", ctx.config.sample().method().configName());
        result.put("weights", ctx.config.sample().weights().configName());
        result.put("steps", ctx.config.sample().method().fewStep() ? ctx.config.sample().fewStep().steps()
                : sampler.plan().steps());
        sampled.profileBand().ifPresent(band -> {
            Map<String, Object> measured = new LinkedHashMap<>(); // the band sample.schedule = profile chose
            measured.put("log_snr_from", band.from());
            measured.put("log_snr_to", band.to());
            measured.put("density", band.density());
            result.put("profile_band", measured);
        });
        result.put("score_evaluations_per_sample", scoreEvaluations);
        result.put("seconds", seconds);
        result.put("samples_per_second", ctx.config.sample().count() / seconds);
        result.put("sampling_rate", ctx.provenance.rate(ctx.config.sample().count() * scoreEvaluations
                * FlopCount.forwardPerRow(ctx.config.model(), ctx.config.data().dim()) / seconds / 1e9, ctx.config.sample().partitions()));
        ctx.record(RunLayout.Stage.SAMPLE, result);
        LOG.info("sampled {} points in {}s into {}", ctx.config.sample().count(), String.format("%.1f", seconds),
                ctx.layout.samples());
    }
}
