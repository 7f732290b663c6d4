package nanodiffusion.model;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a training step computed with BLAS on a {@link MultiLayerNetwork}'s own buffers shares, whatever its loss:
 * the dense layers ({@link DenseStack}), pointers to each layer's W and b in the flattened parameters and gradient,
 * the forward pass and the backward pass from a gradient of the loss with respect to the output, and the update
 * theta <- theta - updater(gradient) with DL4J's own updater blocks, so the network stays what DL4J saves, averages
 * and samples:
 * <pre>
 *   z_l = h_l W_l + 1 b_l,  h_{l+1} = act_l(z_l),
 *   dW_l = h_l^T delta_l,  db_l = delta_l^T 1,  delta_{l-1} = act'(delta_l W_l^T)
 * </pre>
 * Every product, the bias (a rank-1 product) and its gradient (a matrix-vector product) is one BLAS call on
 * column-major buffers kept across steps, so a step is 12 matrix products, one activation and one activation
 * derivative per hidden layer and the updater, instead of DL4J's layer machinery around them (profiled: most of a
 * step). The backward pass turns each hidden ReLU layer's output into its mask once the output is no longer needed.
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
    private final boolean[] reluFromOutput;

    private int rows = -1;
    private INDArray[] h;      // h[0] input, h[l + 1] output of layer l: [rows, fanOut[l]] column-major
    private INDArray[] z;      // pre-activations, kept only where the derivative needs more than the output
    private INDArray[] delta;  // dL/dz of layer l
    private INDArray ones;
    private FloatPointer[] hPtr;
    private FloatPointer[] deltaPtr;
    private FloatPointer onesPtr;

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
        reluFromOutput = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            reluFromOutput[l] = stack.activations[l] instanceof ActivationReLU relu && relu.getMax() == null
                    && relu.getThreshold() == null && relu.getNegativeSlope() == null;
        }
    }

    /** The input buffer for {@code n} rows, [n, inputs] column-major: fill it, then {@link #forward}. */
    final INDArray input(int n) {
        ensureBuffers(n);
        return h[0];
    }

    /** The forward pass on the {@code n} rows of {@link #input}; the output, column by column, into {@code out}. */
    final void forward(int n, float[] out) {
        for (int l = 0; l < layers; l++) {
            stack.affine(l, n, onesPtr, hPtr[l], weights[l], biases[l], hPtr[l + 1]);
            if (z[l] != null) {
                z[l].assign(h[l + 1]);
            }
            stack.activations[l].getActivation(h[l + 1], true);
        }
        hPtr[layers].get(out, 0, stack.fanOut[layers - 1] * n);
    }

    /**
     * The parameters' gradient into the network's gradient view from dL/d(output) (column by column, as
     * {@link #forward} gave the output); call once after each forward pass.
     */
    final void backward(int n, float[] outputGradient) {
        deltaPtr[layers - 1].put(outputGradient, 0, stack.fanOut[layers - 1] * n);
        for (int l = layers - 1; l >= 0; l--) {
            stack.parameterGradients(l, n, onesPtr, hPtr[l], deltaPtr[l], weightGradients[l], biasGradients[l]);
            if (l == 0) {
                break;
            }
            stack.inputGradient(l, n, deltaPtr[l], weights[l], deltaPtr[l - 1]);
            activationBackprop(l - 1);
        }
    }

    /**
     * delta_k = act_k'(z_k) * delta_k in place. For ReLU, relu(z) > 0 exactly where z > 0, so the output h_{k+1}
     * stands in for z, and as nothing reads it after this it becomes the mask 1[h > 0] itself: two of ND4J's
     * vectorised element-wise ops, where its ReLU derivative op calls a lambda per element (profiled: a quarter of
     * the step).
     */
    private void activationBackprop(int k) {
        if (reluFromOutput[k]) {
            Nd4j.exec(new Step(h[k + 1], h[k + 1], 0.0));
            delta[k].muli(h[k + 1]);
            return;
        }
        INDArray dLdz = stack.activations[k].backprop(z[k], delta[k]).getFirst();
        if (dLdz != delta[k]) {
            delta[k].assign(dLdz);
        }
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

    private void ensureBuffers(int n) {
        if (n == rows) {
            return;
        }
        rows = n;
        h = new INDArray[layers + 1];
        z = new INDArray[layers];
        delta = new INDArray[layers];
        hPtr = new FloatPointer[layers + 1];
        deltaPtr = new FloatPointer[layers];
        h[0] = DenseStack.columns(n, stack.fanIn[0]);
        hPtr[0] = DenseStack.at(h[0], 0);
        for (int l = 0; l < layers; l++) {
            h[l + 1] = DenseStack.columns(n, stack.fanOut[l]);
            hPtr[l + 1] = DenseStack.at(h[l + 1], 0);
            delta[l] = DenseStack.columns(n, stack.fanOut[l]);
            deltaPtr[l] = DenseStack.at(delta[l], 0);
            boolean needsZ = l < layers - 1 && !reluFromOutput[l];
            z[l] = needsZ ? DenseStack.columns(n, stack.fanOut[l]) : null;
        }
        ones = Nd4j.ones(DataType.FLOAT, n);
        onesPtr = DenseStack.at(ones, 0);
    }
}
