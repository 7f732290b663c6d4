package nanodiffusion.train;

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
}
