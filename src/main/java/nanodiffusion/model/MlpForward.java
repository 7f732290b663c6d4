package nanodiffusion.model;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The score MLP's forward pass h_{l+1} = act_l(h_l W_l + b_l) as one BLAS gemm, one bias add and one in-place
 * activation per layer, into column-major buffers reused across calls. DL4J's own output() computes the same, but
 * (profiled) spends more time copying each gemm result from a temporary into its row-major layer output than in the
 * gemm itself; sampling calls the network 200 times per block, so the copy dominated.
 */
public final class MlpForward {
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final IActivation[] activations;
    private INDArray[] buffers = new INDArray[0];
    private long rows = -1;

    public MlpForward(MultiLayerNetwork network) {
        int layers = network.getnLayers();
        weights = new INDArray[layers];
        biases = new INDArray[layers];
        activations = new IActivation[layers];
        for (int i = 0; i < layers; i++) {
            weights[i] = network.getLayer(i).getParam("W");
            biases[i] = network.getLayer(i).getParam("b");
            activations[i] = ((BaseLayer) network.getLayer(i).conf().getLayer()).getActivationFn();
        }
    }

    /** Network output for {@code input} ([n, 3], any order); the result is a reused column-major [n, 2] buffer. */
    public INDArray output(INDArray input) {
        if (input.size(0) != rows) {
            rows = input.size(0);
            buffers = new INDArray[weights.length];
            for (int i = 0; i < weights.length; i++) {
                buffers[i] = Nd4j.createUninitialized(weights[i].dataType(), new long[] {rows, weights[i].size(1)}, 'f');
            }
        }
        INDArray h = input;
        for (int i = 0; i < weights.length; i++) {
            Nd4j.gemm(h, weights[i], buffers[i], false, false, 1.0, 0.0);
            buffers[i].addiRowVector(biases[i]);
            activations[i].getActivation(buffers[i], false);
            h = buffers[i];
        }
        return h;
    }
}
