package nanodiffusion.pipeline;

import nanodiffusion.config.RunConfig;
import nanodiffusion.config.TrainConfig;
import nanodiffusion.eval.Charts;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.model.FlopCount;
import nanodiffusion.train.Checkpoint;
import nanodiffusion.train.CheckpointStore;
import nanodiffusion.train.Checkpointer;
import nanodiffusion.train.LossHistory;
import nanodiffusion.train.SparkTrainer;
import nanodiffusion.stall.Stalled;
import nanodiffusion.train.StopRule;
import nanodiffusion.train.TrainSummary;
import nanodiffusion.train.TrainingDiverged;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * train: fits the score network with parameter averaging, checkpointing as it goes, then saves the model, its loss
 * history and loss curve. With resume it continues from the newest complete checkpoint.
 */
public final class TrainStage {
    private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);
    private TrainStage() {
    }

    public static void preflight(RunContext ctx, boolean resume) {
        ctx.requireFreeOrOverwrite(RunLayout.Stage.TRAIN);
        requireNoEarlierCheckpoints(ctx.storage, ctx.layout, resume, ctx.overwrite);
    }

    /** Refuses to start a fresh run over an earlier run's checkpoints unless it resumes or overwrites them. */
    static void requireNoEarlierCheckpoints(Storage storage, RunLayout layout, boolean resume, boolean overwrite) {
        if (!resume && !overwrite && storage.exists(layout.checkpoints())) {
            throw new UserError(layout.checkpoints() + " holds an earlier run's checkpoints; pass --resume to "
                    + "continue it or --overwrite to start over");
        }
    }

    public static TrainSummary run(RunContext ctx, boolean resume) {
        return run(ctx, resume, StopRule.never());
    }

    /** Trains until train.steps or, earlier, the end of the first averaging round after which {@code stop} says so. */
    public static TrainSummary run(RunContext ctx, boolean resume, StopRule stop) {
        preflight(ctx, resume);
        TrainConfig tc = ctx.config.train();
        CheckpointStore checkpoints = new CheckpointStore(ctx.storage, ctx.layout.checkpoints(), tc.checkpoints().keep());
        Optional<CheckpointStore.Readable> resumed = resume ? Optional.of(resumeFrom(ctx, checkpoints))
                : Optional.empty();
        Checkpoint start = resumed.map(CheckpointStore.Readable::checkpoint).orElseGet(() -> Checkpoint.fresh(ctx.config));
        if (!resume) {
            ctx.storage.deleteRecursively(ctx.layout.checkpoints()); // only reached with --overwrite or none present
        }
        MultiLayerNetwork network = start.network();
        Optional<ExponentialAverage> ema = start.ema().map(v -> new ExponentialAverage(tc.emaDecay(), v));
        LossHistory history = start.history();
        Checkpointer checkpointer = new Checkpointer(checkpoints, tc.checkpoints(), tc.steps(), network, ema, history,
                ctx.config.asFlatMap(), start.step(), resumed.map(CheckpointStore.Readable::path));

        JavaSparkContext sc = JavaSparkContext.fromSparkContext(ctx.spark.sparkContext());
        SparkTrainer trainer = new SparkTrainer(sc, ctx.config);
        long reached;
        double seconds;
        TrainSummary summary;
        Map<String, Object> dataInfo;
        try (TrainingData data = TrainingData.of(ctx, trainer.workers())) {
            long t0 = System.nanoTime();
            try {
                reached = trainer.train(network, start.step(), ema, history, checkpointer, stop, data.rounds());
            } catch (TrainingDiverged e) {
                throw e.withAdvice(checkpointer.hasCheckpoint()
                        ? "the last good checkpoint is " + checkpointer.lastCheckpoint() + " (lower train.lr and "
                        + ctx.resumeAdvice() + ")"
                        : "no checkpoint was written before it (lower train.lr and train again)");
            } catch (Stalled e) {
                throw e.withAdvice(checkpointer.hasCheckpoint()
                        ? "the newest checkpoint, " + checkpointer.lastCheckpoint() + ", is kept: " + ctx.resumeAdvice()
                        : "no checkpoint was written before it");
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            ctx.removeOutputsFrom(RunLayout.Stage.SAMPLE); // drawn from the model being replaced
            summary = TrainingOutputs.save(ctx.storage, ctx.layout, ctx.config, network, ema, history, start.step(),
                    reached, seconds, data.standardization());
            dataInfo = data.describe();
        }
        Plots.write(ctx.storage, ctx.layout.lossPlot(), Charts.lossCurve(
                history.points().stream().mapToLong(LossHistory.Point::step).toArray(),
                history.points().stream().mapToDouble(LossHistory.Point::loss).toArray()));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("steps", reached);
        if (reached < tc.steps()) {
            result.put("planned_steps", tc.steps()); // stopped early: wall-clock budget or early stopping
        }
        result.put("resumed_from_step", start.step());
        resumed.filter(r -> !r.skipped().isEmpty()).ifPresent(r -> result.put("resume_skipped", r.skipped()));
        if (!dataInfo.isEmpty()) {
            result.put("table", dataInfo);
        }
        int workers = tc.resolveWorkers(sc.defaultParallelism());
        result.put("workers", workers);
        result.put("final_loss", summary.finalLoss());
        result.put("parameters", network.numParams());
        result.put("seconds", seconds);
        result.put("samples_per_second", summary.samplesPerSecond());
        result.put("training_rate", ctx.provenance.rate(
                summary.samplesPerSecond() * FlopCount.trainingPerRow(ctx.config.model(), ctx.config.data().dim()) / 1e9, workers));
        ctx.record(RunLayout.Stage.TRAIN, result);
        LOG.info("trained steps {}-{} in {}s; final loss (mean of last {} steps) {}; model in {}", start.step(),
                reached, String.format("%.1f", seconds), summary.finalLossSteps(),
                String.format("%.4f", summary.finalLoss()), ctx.layout.model());
        return summary;
    }

    private static CheckpointStore.Readable resumeFrom(RunContext ctx, CheckpointStore checkpoints) {
        if (checkpoints.latest().isEmpty()) {
            throw new UserError("--resume: no complete checkpoint in " + checkpoints.folder()
                    + " (nothing to resume; run without --resume)");
        }
        CheckpointStore.Readable readable = checkpoints.newestReadable().orElseThrow(() -> new UserError(
                "--resume: no checkpoint in " + checkpoints.folder() + " can be read (each is damaged; run without "
                        + "--resume and --overwrite to start over)"));
        Path latest = readable.path();
        Checkpoint c = readable.checkpoint();
        if (!readable.skipped().isEmpty()) {
            LOG.warn("--resume: skipped {} newer checkpoint(s) that cannot be read: {}", readable.skipped().size(),
                    String.join("; ", readable.skipped()));
        }
        TreeSet<String> differing = new TreeSet<>();
        Map<String, Object> now = ctx.config.asFlatMap();
        for (String key : RunConfig.TRAINING_IDENTITY) {
            Object then = c.config().getOrDefault(key, RunConfig.IDENTITY_UNRECORDED_EARLIER.get(key));
            if (!Objects.equals(String.valueOf(now.get(key)), String.valueOf(then))) {
                differing.add(key + " (checkpoint " + then + ", now " + now.get(key) + ")");
            }
        }
        if (!differing.isEmpty()) {
            throw new UserError("--resume: " + latest + " was trained with different settings: "
                    + String.join(", ", differing));
        }
        if (c.step() >= ctx.config.train().steps()) {
            throw new UserError("--resume: " + latest + " is at step " + c.step() + ", not before train.steps = "
                    + ctx.config.train().steps());
        }
        LOG.info("resuming from {} at step {}", latest, c.step());
        return readable;
    }
}
