package nanodiffusion.model;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a training step computed with BLAS on a {@link MultiLayerNetwork}'s own buffers shares, whatever its loss:
 * the dense layers ({@link DenseStack}), pointers to each layer's W and b in the flattened parameters and gradient,
 * and the update theta <- theta - updater(gradient) with DL4J's own updater blocks, so the network stays what DL4J
 * saves, averages and samples.
 */
abstract class BlasTrainingStep {
    final MultiLayerNetwork network;
    final DenseStack stack;
    final int layers;
    final FloatPointer[] weights;
    final FloatPointer[] biases;
    final FloatPointer[] weightGradients;
    final FloatPointer[] biasGradients;
    private final INDArray params;
    private final INDArray gradient;
    private final MultiLayerUpdater updater;

    BlasTrainingStep(MultiLayerNetwork network) {
        this.network = network;
        this.stack = new DenseStack(network);
        this.layers = stack.layers;
        this.params = network.params();
        this.gradient = network.getFlattenedGradients();
        this.updater = (MultiLayerUpdater) network.getUpdater(true);
        weights = stack.weights(params);
        biases = stack.biases(params);
        weightGradients = stack.weights(gradient);
        biasGradients = stack.biases(gradient);
    }

    /** Applies the gradient now in the network's gradient view with DL4J's updater and counts the iteration. */
    final void update() {
        int iteration = network.getIterationCount();
        int epoch = network.getEpochCount();
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            block.update(iteration, epoch);
        }
        params.subi(gradient);
        network.setIterationCount(iteration + 1);
    }
}
