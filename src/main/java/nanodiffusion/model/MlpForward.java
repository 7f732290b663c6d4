package nanodiffusion.model;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The score MLP's forward pass h_{l+1} = act_l(h_l W_l + 1 b_l) as two BLAS products (the bias as a rank-1 product)
 * and one in-place activation per layer ({@link DenseStack}), into column-major buffers reused across calls.
 * DL4J's own output() computes the same, but (profiled) spends more time copying each gemm result from a
 * temporary into its row-major layer output than in the gemm itself, and ND4J's row-vector bias add took 8% of the
 * sampling job; sampling calls the network 200 times per block.
 */
public final class MlpForward {
    private final DenseStack stack;
    private final FloatPointer[] weights;
    private final FloatPointer[] biases;
    private final INDArray params; // kept reachable: the pointers above address its memory
    private INDArray[] buffers = new INDArray[0];
    private FloatPointer[] pointers = new FloatPointer[0];
    private INDArray ones;
    private FloatPointer onesPointer;
    private int rows = -1;

    public MlpForward(MultiLayerNetwork network) {
        params = network.params();
        if (!DenseStack.ownsItsBuffer(params)) {
            throw new IllegalArgumentException("the network's parameters are not a float array of their own");
        }
        stack = new DenseStack(network);
        weights = stack.weights(params);
        biases = stack.biases(params);
    }

    /** Network output for {@code input} ([n, 3], any order); the result is a reused column-major [n, 2] buffer. */
    public INDArray output(INDArray input) {
        resize((int) input.size(0));
        buffers[0].assign(input);
        return run();
    }

    /**
     * Network output for the n rows of {@code columnMajorInput} (all first inputs, then all second, ...) into
     * {@code out}, column-major too.
     */
    public void output(float[] columnMajorInput, int n, float[] out) {
        resize(n);
        pointers[0].put(columnMajorInput, 0, n * stack.fanIn[0]);
        run();
        pointers[stack.layers].get(out, 0, n * stack.fanOut[stack.layers - 1]);
    }

    private INDArray run() {
        for (int l = 0; l < stack.layers; l++) {
            stack.affine(l, rows, onesPointer, pointers[l], weights[l], biases[l], pointers[l + 1]);
            stack.activations[l].getActivation(buffers[l + 1], false);
        }
        return buffers[stack.layers];
    }

    private void resize(int n) {
        if (n == rows) {
            return;
        }
        rows = n;
        buffers = new INDArray[stack.layers + 1];
        pointers = new FloatPointer[stack.layers + 1];
        for (int l = 0; l <= stack.layers; l++) {
            buffers[l] = DenseStack.columns(n, l == 0 ? stack.fanIn[0] : stack.fanOut[l - 1]);
            pointers[l] = DenseStack.at(buffers[l], 0);
        }
        ones = Nd4j.ones(DataType.FLOAT, n);
        onesPointer = DenseStack.at(ones, 0);
    }
}
