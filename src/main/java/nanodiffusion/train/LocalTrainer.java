package nanodiffusion.train;

import nanodiffusion.config.RunConfig;
import nanodiffusion.config.TrainConfig;
import nanodiffusion.data.DataSource;
import nanodiffusion.data.DataSources;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.model.TrainingStep;
import nanodiffusion.data.TrainingNoise;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Iterator;
import java.util.Optional;

/**
 * Trains one network in this JVM, no Spark: every step fits one global batch of train.batchSize fresh samples drawn
 * from the stream (seed, TRAIN, step, 0). The EMA is updated after every step. The loss history gets one row per
 * train.averagingFrequency steps (the mean over those steps), like the Spark trainer's rounds. Each step is
 * {@link MlpTrainingStep} where it computes the network (DL4J's fit otherwise). Used by sweeps that train a whole
 * small model per Spark task.
 */
public final class LocalTrainer {
    private final RunConfig config;

    public LocalTrainer(RunConfig config) {
        this.config = config;
    }

    /** Trains {@code network} in place from step 0 until train.steps or {@code stop} says so; returns the steps trained. */
    public long train(MultiLayerNetwork network, Optional<ExponentialAverage> ema, LossHistory history, StopRule stop) {
        TrainConfig tc = config.train();
        TrainingNoise noise = TrainingNoise.of(config);
        DataSource source = DataSources.of(config.data());
        WorkerShard shard = new WorkerShard(config.seed(), source, 1, noise, 0, tc.batchSize());
        TrainingStep trainingStep = TrainingStep.forLoss(network, noise.projections());
        long start = System.nanoTime();
        TrainingRounds.Round round = (first, steps) -> {
            Iterator<DataSet> batches = shard.batches(first, steps);
            double lossSum = 0;
            for (long step = first; batches.hasNext(); step++) {
                trainingStep.fit(batches.next());
                lossSum += network.score();
                long done = step;
                ema.ifPresent(e -> e.update(network.params(), done, 1));
            }
            return lossSum / steps;
        };
        return TrainingRounds.run(tc, 0, round, history, () -> (System.nanoTime() - start) / 1e9, step -> { }, stop);
    }
}
