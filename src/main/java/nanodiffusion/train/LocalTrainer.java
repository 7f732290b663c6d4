package nanodiffusion.train;

import nanodiffusion.config.RunConfig;
import nanodiffusion.config.TrainConfig;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.model.MlpTrainingStep;
import nanodiffusion.sde.ScoreParametrisation;
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
        ScoreParametrisation form = ScoreParametrisation.of(config);
        MlpTrainingStep fast = MlpTrainingStep.forNetwork(network);
        long start = System.nanoTime();
        long step = 0;
        while (step < tc.steps()) {
            int roundSteps = (int) Math.min(tc.averagingFrequency(), tc.steps() - step);
            Iterator<DataSet> batches = new RoundBatches(config.seed(), config.data().scale(), form, step,
                    roundSteps, tc.batchSize()).call(0);
            double lossSum = 0;
            while (batches.hasNext()) {
                if (fast != null) {
                    fast.fit(batches.next());
                } else {
                    network.fit(batches.next());
                }
                lossSum += network.score();
                long first = step;
                ema.ifPresent(e -> e.update(network.params(), first, 1));
                step++;
            }
            double loss = lossSum / roundSteps;
            if (!Double.isFinite(loss) || loss > SparkTrainer.DIVERGED_LOSS) {
                throw new SparkTrainer.TrainingDiverged(step, loss);
            }
            history.add(step, loss, (System.nanoTime() - start) / 1e9);
            if (step < tc.steps() && stop.stopAt(step, history)) {
                break;
            }
        }
        return step;
    }
}
