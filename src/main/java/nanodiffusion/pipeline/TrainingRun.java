package nanodiffusion.pipeline;

import nanodiffusion.config.RunConfig;
import nanodiffusion.config.TrainConfig;
import nanodiffusion.data.Standardization;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.stall.Stalled;
import nanodiffusion.train.Checkpoint;
import nanodiffusion.train.CheckpointStore;
import nanodiffusion.train.Checkpointer;
import nanodiffusion.train.LossHistory;
import nanodiffusion.train.SparkTrainer;
import nanodiffusion.train.StopRule;
import nanodiffusion.train.TrainingDiverged;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Map;
import java.util.Optional;

/**
 * Training itself, in memory: the network from a fresh start or a checkpoint, fitted on the configured data by the
 * configured route, checkpointed when given a store. Saving what it produced is the caller's: the train command
 * writes the model folder ({@link TrainStage}), the Spark ML estimator keeps the network in memory.
 *
 * @param fromStep   the step training started from (0, or the checkpoint's)
 * @param reached    the step it stopped at (train.steps, or earlier by the stop rule)
 * @param dataInfo   what run.json says about the data (a table's rows, split and standardisation), else empty
 */
public record TrainingRun(MultiLayerNetwork network, Optional<ExponentialAverage> ema, LossHistory history,
                          long fromStep, long reached, double seconds, int workers,
                          Optional<Standardization> standardization, Map<String, Object> dataInfo) {

    /** Where checkpoints are written, and the one training resumes from, if any. */
    public record Checkpoints(CheckpointStore store, Optional<CheckpointStore.Readable> resumed) {
    }

    /**
     * Trains {@code config}'s network on its data ({@code frame} for a table given as a DataFrame) until train.steps
     * or, earlier, the end of the first averaging round after which {@code stop} says so.
     *
     * @param checkpoints  where to checkpoint and what to resume from; empty: no checkpoints, a fresh start
     * @param resumeAdvice how to continue from the newest checkpoint, for the message of a stalled or diverged run
     */
    public static TrainingRun train(SparkSession spark, RunConfig config, Optional<Dataset<Row>> frame,
                                    Optional<Checkpoints> checkpoints, StopRule stop, String resumeAdvice) {
        TrainConfig tc = config.train();
        Optional<CheckpointStore.Readable> resumed = checkpoints.flatMap(Checkpoints::resumed);
        Checkpoint start = resumed.map(r -> r.checkpoint().continuedUnder(config))
                .orElseGet(() -> Checkpoint.fresh(config));
        MultiLayerNetwork network = start.network();
        Optional<ExponentialAverage> ema = start.ema().map(v -> new ExponentialAverage(tc.emaDecay(), v));
        LossHistory history = start.history();
        Checkpointer checkpointer = new Checkpointer(checkpoints.map(Checkpoints::store), tc.checkpoints(), tc.steps(),
                network, ema, history, config.asFlatMap(), start.step(), resumed.map(CheckpointStore.Readable::path));

        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SparkTrainer trainer = new SparkTrainer(sc, config);
        int workers = trainer.workers();
        try (TrainingData data = DataRoute.of(config.data()).training(spark, config, frame, workers)) {
            long t0 = System.nanoTime();
            long reached;
            try {
                reached = trainer.train(network, start.step(), ema, history, checkpointer, stop, data.rounds());
            } catch (TrainingDiverged e) {
                throw e.withAdvice(checkpointer.hasCheckpoint()
                        ? "the last good checkpoint is " + checkpointer.lastCheckpoint() + " (lower train.lr and "
                        + resumeAdvice + ")"
                        : "no checkpoint was written before it (lower train.lr and train again)");
            } catch (Stalled e) {
                throw e.withAdvice(checkpointer.hasCheckpoint()
                        ? "the newest checkpoint, " + checkpointer.lastCheckpoint() + ", is kept: " + resumeAdvice
                        : "no checkpoint was written before it");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new TrainingRun(network, ema, history, start.step(), reached, seconds, workers,
                    data.standardization(), data.describe());
        }
    }
}
