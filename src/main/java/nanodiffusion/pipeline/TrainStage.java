package nanodiffusion.pipeline;

import nanodiffusion.config.RunConfig;
import nanodiffusion.config.TrainConfig;
import nanodiffusion.eval.Charts;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.Storage;
import nanodiffusion.model.FlopCount;
import nanodiffusion.train.Checkpoint;
import nanodiffusion.train.CheckpointStore;
import nanodiffusion.train.LossHistory;
import nanodiffusion.train.StopRule;
import nanodiffusion.train.TrainSummary;
import org.apache.hadoop.fs.Path;
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
        if (!resume) {
            ctx.storage.deleteRecursively(ctx.layout.checkpoints()); // only reached with --overwrite or none present
        }
        TrainingRun trained = TrainingRun.train(ctx.spark, ctx.config, ctx.frame(),
                Optional.of(new TrainingRun.Checkpoints(checkpoints, resumed)), stop, ctx.resumeAdvice());
        ctx.removeOutputsFrom(RunLayout.Stage.SAMPLE); // drawn from the model being replaced
        TrainSummary summary = TrainingOutputs.save(ctx.storage, ctx.layout, ctx.config, trained.network(),
                trained.ema(), trained.history(), trained.fromStep(), trained.reached(), trained.seconds(),
                trained.standardization());
        LossHistory history = trained.history();
        Plots.write(ctx.storage, ctx.layout.lossPlot(), Charts.lossCurve(
                history.points().stream().mapToLong(LossHistory.Point::step).toArray(),
                history.points().stream().mapToDouble(LossHistory.Point::loss).toArray()));
        ctx.record(RunLayout.Stage.TRAIN, section(ctx, trained, summary, resumed));
        LOG.info("trained steps {}-{} in {}s; final loss (mean of last {} steps) {}; model in {}", trained.fromStep(),
                trained.reached(), String.format("%.1f", trained.seconds()), summary.finalLossSteps(),
                String.format("%.4f", summary.finalLoss()), ctx.layout.model());
        return summary;
    }

    /** run.json's train section. */
    private static Map<String, Object> section(RunContext ctx, TrainingRun trained, TrainSummary summary,
                                               Optional<CheckpointStore.Readable> resumed) {
        TrainConfig tc = ctx.config.train();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("steps", trained.reached());
        if (trained.reached() < tc.steps()) {
            result.put("planned_steps", tc.steps()); // stopped early: wall-clock budget or early stopping
        }
        result.put("resumed_from_step", trained.fromStep());
        resumed.filter(r -> !r.skipped().isEmpty()).ifPresent(r -> result.put("resume_skipped", r.skipped()));
        if (!trained.dataInfo().isEmpty()) {
            result.put("table", trained.dataInfo());
        }
        result.put("workers", trained.workers());
        result.put("final_loss", summary.finalLoss());
        result.put("parameters", trained.network().numParams());
        result.put("seconds", trained.seconds());
        if (Double.isFinite(summary.samplesPerSecond())) { // NaN: a resume that trained no step measured no rate
            result.put("samples_per_second", summary.samplesPerSecond());
            result.put("training_rate", ctx.provenance.rate(summary.samplesPerSecond()
                    * FlopCount.trainingPerRow(ctx.config.model(), ctx.config.data().dim()) / 1e9, trained.workers()));
        }
        return result;
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
        Map<String, Object> now = ctx.config.asFlatMap();
        TreeSet<String> differing = differences(now, RunConfig.TRAINING_IDENTITY,
                key -> c.config().getOrDefault(key, RunConfig.IDENTITY_UNRECORDED_EARLIER.get(key)));
        if (!differing.isEmpty()) {
            throw new UserError("--resume: " + latest + " was trained with different settings: "
                    + String.join(", ", differing));
        }
        // the other training settings may change: the run's own values apply from here on
        TreeSet<String> changed = differences(now, now.keySet().stream().filter(k -> k.startsWith("train.")
                && c.config().containsKey(k)).toList(), c.config()::get);
        if (!changed.isEmpty()) {
            LOG.info("--resume: continuing under changed training settings: {}", String.join(", ", changed));
        }
        // a checkpoint at train.steps is a run's end (one stopped before its model was written): no step is left,
        // the model is written from it
        if (c.step() > ctx.config.train().steps()) {
            throw new UserError("--resume: " + latest + " is at step " + c.step() + ", past train.steps = "
                    + ctx.config.train().steps());
        }
        LOG.info("resuming from {} at step {}", latest, c.step());
        return readable;
    }

    /** "key (checkpoint X, now Y)" for each of {@code keys} whose value {@code now} differs from the checkpoint's. */
    private static TreeSet<String> differences(Map<String, Object> now, Iterable<String> keys,
                                               java.util.function.Function<String, Object> saved) {
        TreeSet<String> out = new TreeSet<>();
        for (String key : keys) {
            Object then = saved.apply(key);
            if (!Objects.equals(String.valueOf(now.get(key)), String.valueOf(then))) {
                out.add(key + " (checkpoint " + then + ", now " + now.get(key) + ")");
            }
        }
        return out;
    }
}
