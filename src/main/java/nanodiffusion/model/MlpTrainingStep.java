package nanodiffusion.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * One training step of the score MLP - forward pass, noise-matching loss, backward pass, DL4J's own updater - in
 * place on a {@link MultiLayerNetwork}'s flattened parameters, gradient and updater state ({@link BlasTrainingStep}).
 * The same mathematics as {@code network.fit(dataSet)} (tested equal):
 * <pre>
 *   loss = (1/n) sum_i 1/2 |f_i s_i + eps_i|^2,  dL/ds_i = f_i (f_i s_i + eps_i) / n
 * </pre>
 * with labels (eps_1 .. eps_d, f) for points in R^d. What differs is the cost: a step is 12 BLAS calls, one
 * activation and one activation derivative per hidden layer and the updater, instead of DL4J's layer machinery
 * around them (profiled: most of a step).
 */
public final class MlpTrainingStep extends BlasTrainingStep implements TrainingStep {
    private float[] scoreOut = new float[0];
    private float[] lossGrad = new float[0];

    private MlpTrainingStep(MultiLayerNetwork network) {
        super(network);
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
        int n = (int) features.size(0);
        int d = stack.fanOut[layers - 1];
        if (scoreOut.length != d * n) {
            scoreOut = new float[d * n];
            lossGrad = new float[d * n];
        }
        input(n).assign(features);
        forward(n, scoreOut);
        network.setScore(lossAndGradient(batch.getLabels(), n));
        backward(n, lossGrad);
        update();
    }

    /** The batch mean of the noise-matching loss at the current output, and dL/ds into {@code lossGrad}. */
    private double lossAndGradient(INDArray labels, int n) {
        int d = stack.fanOut[layers - 1];
        float[] y = labels.dup('c').data().asFloat(); // row i: eps_1 .. eps_d, f
        double sum = 0;                               // scoreOut column-major: all s_1, then all s_2, ...
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
        return sum / n;
    }
}
