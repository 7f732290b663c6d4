package nanodiffusion.model;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step of sliced score matching (Song et al. 2019, the variance-reduced form) on noised data, for the
 * ReLU score MLP, with BLAS on the network's own buffers. With the score s = k(t) * out (out the network's
 * output), the loss factor f = sigma k (sigma for a score output, -1 for a noise output) and M Gaussian projections
 * v_m per point:
 * <pre>
 *   l = sigma^2 (1/2 |s|^2 + mean_m v_m^T (ds/dx) v_m) = 1/2 f^2 |out|^2 + sigma f mean_m v_m^T J v_m,
 *   J = d out / dx (the coordinates only; the time input is held fixed),
 * </pre>
 * the sigma^2-weighted Hyvarinen objective with the Hutchinson estimate of its trace: no transition kernel enters
 * the loss, only samples x_t. In expectation over x_t = alpha x0 + sigma eps it equals the denoising loss
 * 1/2 |f out + eps|^2 less d/2 (Stein's identity E[out^T eps] = sigma E[tr J]). J v is the network's tangent
 * u_{l+1} = m_l * (u_l W_l) from u_0 = (v, 0), m_l the ReLU mask; for a ReLU network the masks are constant almost
 * everywhere, so the gradient of v^T J v is the backward pass of that linear tangent network. Labels per point:
 * v_1 .. v_M (d each), then f, then sigma.
 */
public final class SlicedScoreStep extends BlasTrainingStep implements TrainingStep {
    private final int projections;
    private int rows = -1;
    private INDArray[] h;       // h[0] input, h[l + 1] output of layer l, [rows, width] column-major
    private INDArray[] mask;    // 1[z_l > 0] of hidden layer l
    private INDArray[] u;       // tangents: u[0] = (v, 0), u[l + 1] = m_l * (u_l W_l)
    private INDArray[] delta;   // dL/dz of layer l for the |out|^2 term
    private INDArray[] gamma;   // dL/du of layer l's pre-mask tangent for the trace term
    private INDArray ones;
    private FloatPointer[] hPtr;
    private FloatPointer[] uPtr;
    private FloatPointer[] deltaPtr;
    private FloatPointer[] gammaPtr;
    private FloatPointer onesPtr;
    private float[] out = new float[0];
    private float[] tangent = new float[0];
    private float[] grad = new float[0];

    private SlicedScoreStep(MultiLayerNetwork network, int projections) {
        super(network);
        this.projections = projections;
    }

    /**
     * The step for {@code network}, or an exception saying why it cannot be one: it needs what
     * {@link MlpTrainingStep} needs, and ReLU hidden layers (whose Jacobian is piecewise constant).
     */
    public static SlicedScoreStep forNetwork(MultiLayerNetwork network, int projections) {
        String why = MlpTrainingStep.unsupported(network);
        if (why == null) {
            DenseStack stack = new DenseStack(network);
            for (int l = 0; l < stack.layers - 1; l++) {
                if (!(stack.activations[l] instanceof ActivationReLU relu) || relu.getMax() != null
                        || relu.getThreshold() != null || relu.getNegativeSlope() != null) {
                    why = "hidden layer " + l + " is not a plain ReLU";
                }
            }
        }
        if (why != null) {
            throw new IllegalArgumentException("sliced score matching needs a plain ReLU score MLP: " + why);
        }
        if (projections < 1) {
            throw new IllegalArgumentException("projections must be >= 1, got " + projections);
        }
        return new SlicedScoreStep(network, projections);
    }

    /** One step on {@code batch} (features [n, d + 1], labels [n, M d + 2]); sets the network's score to the loss. */
    public void fit(DataSet batch) {
        network.setScore(lossAndGradient(batch));
        update();
    }

    /** The batch loss, with its gradient written to the network's gradient view (no update). */
    public double lossAndGradient(DataSet batch) {
        INDArray features = batch.getFeatures();
        float[] labels = batch.getLabels().dup('c').data().asFloat();
        int n = (int) features.size(0);
        int d = stack.fanOut[layers - 1];
        int columns = projections * d + 2;
        if (labels.length != n * columns) {
            throw new IllegalArgumentException("sliced score matching needs labels [n, " + columns + "] (" + projections
                    + " projections of " + d + ", f, sigma); got " + labels.length / Math.max(n, 1) + " columns");
        }
        ensureBuffers(n);
        h[0].assign(features);
        forward(n);
        double loss = squaredTerm(labels, n, d, columns);
        backward(n, hPtr, deltaPtr, true);
        for (int m = 0; m < projections; m++) {
            loss += traceTerm(labels, m, n, d, columns);
            backward(n, uPtr, gammaPtr, false);
        }
        return loss;
    }

    private void forward(int n) {
        for (int l = 0; l < layers; l++) {
            stack.affine(l, n, onesPtr, hPtr[l], weights[l], biases[l], hPtr[l + 1]);
            if (l < layers - 1) {
                stack.activations[l].getActivation(h[l + 1], true);
                Nd4j.exec(new Step(h[l + 1], mask[l], 0.0));
            }
        }
    }

    /** 1/2 mean f^2 |out|^2, and its gradient f^2 out / n into the last layer's delta. */
    private double squaredTerm(float[] labels, int n, int d, int columns) {
        h[layers].data().asNioFloat().get(out, 0, d * n); // column-major: all out_1, then all out_2, ...
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float f = labels[columns * i + columns - 2];
            for (int c = 0; c < d; c++) {
                float o = out[c * n + i];
                sum += 0.5 * f * f * o * o;
                grad[c * n + i] = f * f * o / n;
            }
        }
        deltaPtr[layers - 1].put(grad, 0, d * n);
        return sum / n;
    }

    /** sigma f v_m^T J v_m averaged over the batch and the M projections, and its gradient into gamma. */
    private double traceTerm(float[] labels, int m, int n, int d, int columns) {
        int inputs = stack.fanIn[0];
        float[] u0 = new float[n * inputs]; // column-major (v, 0): the time input's tangent is 0
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                u0[c * n + i] = labels[columns * i + m * d + c];
            }
        }
        uPtr[0].put(u0, 0, n * inputs);
        for (int l = 0; l < layers; l++) {
            stack.product(l, n, uPtr[l], weights[l], uPtr[l + 1]);
            if (l < layers - 1) {
                u[l + 1].muli(mask[l]);
            }
        }
        u[layers].data().asNioFloat().get(tangent, 0, d * n);
        double sum = 0;
        float scale = 1f / ((float) n * projections);
        for (int i = 0; i < n; i++) {
            float f = labels[columns * i + columns - 2];
            float sigma = labels[columns * i + columns - 1];
            double vjv = 0;
            for (int c = 0; c < d; c++) {
                float v = labels[columns * i + m * d + c];
                vjv += v * tangent[c * n + i];
                grad[c * n + i] = sigma * f * v * scale;
            }
            sum += sigma * f * vjv;
        }
        gammaPtr[layers - 1].put(grad, 0, d * n);
        return sum / ((double) n * projections);
    }

    /**
     * Back through the layers from the last one's {@code delta}: dW_l (+)= in_l^T delta_l, and for the squared
     * term the bias gradient too (the tangent network has no biases); delta_{l-1} = m_{l-1} * (delta_l W_l^T).
     */
    private void backward(int n, FloatPointer[] in, FloatPointer[] deltas, boolean first) {
        INDArray[] d = first ? delta : gamma;
        for (int l = layers - 1; l >= 0; l--) {
            if (first) {
                stack.parameterGradients(l, n, onesPtr, in[l], deltas[l], weightGradients[l], biasGradients[l]);
            } else {
                stack.addWeightGradient(l, n, in[l], deltas[l], weightGradients[l]);
            }
            if (l == 0) {
                break;
            }
            stack.inputGradient(l, n, deltas[l], weights[l], deltas[l - 1]);
            d[l - 1].muli(mask[l - 1]);
        }
    }

    private void ensureBuffers(int n) {
        if (n == rows) {
            return;
        }
        rows = n;
        h = new INDArray[layers + 1];
        u = new INDArray[layers + 1];
        mask = new INDArray[layers];
        delta = new INDArray[layers];
        gamma = new INDArray[layers];
        hPtr = new FloatPointer[layers + 1];
        uPtr = new FloatPointer[layers + 1];
        deltaPtr = new FloatPointer[layers];
        gammaPtr = new FloatPointer[layers];
        h[0] = DenseStack.columns(n, stack.fanIn[0]);
        u[0] = DenseStack.columns(n, stack.fanIn[0]);
        hPtr[0] = DenseStack.at(h[0], 0);
        uPtr[0] = DenseStack.at(u[0], 0);
        for (int l = 0; l < layers; l++) {
            h[l + 1] = DenseStack.columns(n, stack.fanOut[l]);
            u[l + 1] = DenseStack.columns(n, stack.fanOut[l]);
            mask[l] = DenseStack.columns(n, stack.fanOut[l]);
            delta[l] = DenseStack.columns(n, stack.fanOut[l]);
            gamma[l] = DenseStack.columns(n, stack.fanOut[l]);
            hPtr[l + 1] = DenseStack.at(h[l + 1], 0);
            uPtr[l + 1] = DenseStack.at(u[l + 1], 0);
            deltaPtr[l] = DenseStack.at(delta[l], 0);
            gammaPtr[l] = DenseStack.at(gamma[l], 0);
        }
        ones = Nd4j.ones(DataType.FLOAT, n);
        onesPtr = DenseStack.at(ones, 0);
        int d = stack.fanOut[layers - 1];
        out = new float[d * n];
        tangent = new float[d * n];
        grad = new float[d * n];
    }
}
