package nanodiffusion.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;

/** One optimiser step of the score network on one batch; sets the network's score to the batch's loss. */
public interface TrainingStep {
    void fit(DataSet batch);

    /**
     * The step of a loss: denoising score matching ({@code projections} 0: {@link MlpTrainingStep} where it computes
     * the network exactly, DL4J's own {@code fit} otherwise) or sliced score matching with {@code projections} per
     * point ({@link SlicedScoreStep}, which has no DL4J counterpart: a network it cannot compute is refused).
     */
    static TrainingStep forLoss(MultiLayerNetwork network, int projections) {
        if (projections > 0) {
            return SlicedScoreStep.forNetwork(network, projections);
        }
        MlpTrainingStep step = MlpTrainingStep.forNetwork(network);
        return step != null ? step : network::fit;
    }
}
