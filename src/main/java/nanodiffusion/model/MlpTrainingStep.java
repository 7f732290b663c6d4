package nanodiffusion.model;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step of the score MLP - forward pass, noise-matching loss, backward pass, DL4J's own updater - in
 * place on a {@link MultiLayerNetwork}'s flattened parameters, gradient and updater state, so the network stays
 * what DL4J saves, averages and samples. The same mathematics as {@code network.fit(dataSet)} (tested equal):
 * <pre>
 *   z_l = h_l W_l + 1 b_l,  h_{l+1} = act_l(z_l),  loss = (1/n) sum_i 1/2 |f_i s_i + eps_i|^2,
 *   dL/ds_i = f_i (f_i s_i + eps_i) / n,  dW_l = h_l^T delta_l,  db_l = delta_l^T 1,  delta_{l-1} = act'(delta_l W_l^T)
 * </pre>
 * with labels (eps_1 .. eps_d, f) for points in R^d. What differs is the cost: every product, the bias (a rank-1 product) and its
 * gradient (a matrix-vector product) is one BLAS call ({@link DenseStack}) on column-major buffers kept across
 * steps, so a step is 12 matrix products, one activation and one activation derivative per hidden layer and the
 * updater, instead of DL4J's layer machinery around them (profiled: most of a step). The backward pass turns each
 * hidden layer's output into its ReLU mask once the output is no longer needed.
 */
public final class MlpTrainingStep extends BlasTrainingStep implements TrainingStep {
    private final boolean[] reluFromOutput;

    private int rows = -1;
    private INDArray[] h;      // h[0] input, h[l + 1] output of layer l: [rows, fanOut[l]] column-major
    private INDArray[] z;      // pre-activations, kept only where the derivative needs more than the output
    private INDArray[] delta;  // dL/dz of layer l
    private INDArray ones;
    private FloatPointer[] hPtr;
    private FloatPointer[] deltaPtr;
    private FloatPointer onesPtr;
    private float[] scoreOut = new float[0];
    private float[] lossGrad = new float[0];

    private MlpTrainingStep(MultiLayerNetwork network) {
        super(network);
        reluFromOutput = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            reluFromOutput[l] = stack.activations[l] instanceof ActivationReLU relu && relu.getMax() == null
                    && relu.getThreshold() == null && relu.getNegativeSlope() == null;
        }
    }

    /**
     * A step for {@code network}, or null when the network is not one this step computes exactly (see
     * {@link #unsupported}); callers then use {@code network.fit}.
     */
    public static MlpTrainingStep forNetwork(MultiLayerNetwork network) {
        return unsupported(network) == null ? new MlpTrainingStep(network) : null;
    }

    /**
     * Why this step does not compute {@code network}, or null when it does: it needs float dense layers with no
     * dropout, weight noise, regularisation or gradient normalisation, ending in an identity output layer of d
     * units (one fewer than the inputs) with the noise-matching loss, and one updater for all parameters.
     */
    public static String unsupported(MultiLayerNetwork network) {
        if (network.getFlattenedGradients() == null) {
            network.initGradientsView();
        }
        if (!DenseStack.ownsItsBuffer(network.params()) || !DenseStack.ownsItsBuffer(network.getFlattenedGradients())) {
            return "parameters or gradients are not float arrays of their own";
        }
        int n = network.getnLayers();
        long inputs = ((FeedForwardLayer) network.getLayer(0).conf().getLayer()).getNIn();
        for (int l = 0; l < n; l++) {
            Layer layer = network.getLayer(l);
            if (!(layer.conf().getLayer() instanceof FeedForwardLayer conf) || !plainDense(conf)
                    || layer.numParams() != conf.getNIn() * conf.getNOut() + conf.getNOut()) {
                return "layer " + l + " is not a plain dense layer";
            }
            boolean last = l == n - 1;
            if (last != (conf instanceof OutputLayer)) {
                return "layer " + l + (last ? " is not an output layer" : " is an output layer before the last");
            }
            if (last && !(((OutputLayer) conf).getLossFn() instanceof NoiseMatchingLoss
                    && conf.getActivationFn() instanceof ActivationIdentity && conf.getNOut() == inputs - 1)) {
                return "the output layer is not d identity units (inputs - 1) with the noise-matching loss";
            }
        }
        if (!(network.getUpdater(true) instanceof MultiLayerUpdater u) || u.getUpdaterBlocks().size() != 1) {
            return "the parameters have more than one updater";
        }
        return null;
    }

    /** No dropout, weight noise, regularisation or gradient normalisation: what the step leaves out. */
    private static boolean plainDense(BaseLayer conf) {
        return conf.getIDropout() == null && conf.getWeightNoise() == null && isEmpty(conf.getRegularization())
                && isEmpty(conf.getRegularizationBias()) && (conf.getGradientNormalization() == null
                || conf.getGradientNormalization() == GradientNormalization.None);
    }

    private static boolean isEmpty(java.util.List<?> list) {
        return list == null || list.isEmpty();
    }

    /** One step on {@code batch} (features [n, d + 1], labels [n, d + 1] = eps, f); sets the network's score. */
    public void fit(DataSet batch) {
        INDArray features = batch.getFeatures();
        INDArray labels = batch.getLabels();
        int n = (int) features.size(0);
        ensureBuffers(n);
        h[0].assign(features);
        forward(n);
        network.setScore(lossAndGradient(labels, n));
        backward(n);
        update();
    }

    private void forward(int n) {
        for (int l = 0; l < layers; l++) {
            stack.affine(l, n, onesPtr, hPtr[l], weights[l], biases[l], hPtr[l + 1]);
            if (z[l] != null) {
                z[l].assign(h[l + 1]);
            }
            stack.activations[l].getActivation(h[l + 1], true);
        }
    }

    /** The batch mean of the noise-matching loss at the current output, and dL/ds into the last layer's delta. */
    private double lossAndGradient(INDArray labels, int n) {
        int d = stack.fanOut[layers - 1];
        float[] y = labels.dup('c').data().asFloat(); // row i: eps_1 .. eps_d, f
        hPtr[layers].get(scoreOut, 0, d * n);         // column-major: all s_1, then all s_2, ...
        double sum = 0;
        float inv = 1f / n;
        for (int i = 0; i < n; i++) {
            int row = (d + 1) * i;
            float f = y[row + d];
            double squared = 0;
            for (int c = 0; c < d; c++) {
                float r = f * scoreOut[c * n + i] + y[row + c];
                squared += (double) r * r;
                lossGrad[c * n + i] = f * r * inv;
            }
            sum += 0.5 * squared;
        }
        deltaPtr[layers - 1].put(lossGrad, 0, d * n);
        return sum / n;
    }

    private void backward(int n) {
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
        scoreOut = new float[stack.fanOut[layers - 1] * n];
        lossGrad = new float[stack.fanOut[layers - 1] * n];
    }
}
