package nanodiffusion.train;

import nanodiffusion.config.RunConfig;
import nanodiffusion.config.TrainConfig;
import nanodiffusion.model.ScoreNetworkFactory;
import org.nd4j.linalg.learning.config.Adam;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Optional;

/**
 * Everything training needs to continue exactly where it stopped: the network with its Adam state and iteration
 * count, the EMA, the loss history, the step reached (which is also the data streams' position: batches are drawn
 * from the streams (seed, step, worker)) and the settings it was trained with.
 */
public record Checkpoint(long step, MultiLayerNetwork network, Optional<INDArray> ema, LossHistory history,
                         Map<String, Object> config) {
    /** Step 0 of {@code config}: seeded initial weights, Adam with the configured learning rate, EMA at the weights. */
    public static Checkpoint fresh(RunConfig config) {
        TrainConfig tc = config.train();
        MultiLayerNetwork network = ScoreNetworkFactory.create(config.model(), config.data().dim(),
                new Adam(ScheduledLearningRate.of(LearningRate.of(tc))), config.seed());
        return new Checkpoint(0, network, tc.hasEma() ? Optional.of(network.params().dup()) : Optional.empty(),
                new LossHistory(), config.asFlatMap());
    }

    /**
     * This checkpoint continued by a run of {@code config}: its network keeps its weights, Adam state and iteration
     * count, and takes the learning-rate schedule of the run that resumes it (train.lr, train.lrSchedule and its
     * keys, train.steps), not the one saved with it, which would otherwise ride along in the network's configuration
     * and silently overrule changed settings. Returns this checkpoint, whose network now has that schedule.
     */
    public Checkpoint continuedUnder(RunConfig config) {
        network.setLearningRate(ScheduledLearningRate.of(LearningRate.of(config.train())));
        return this;
    }
}
