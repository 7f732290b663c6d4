package nanodiffusion.model;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's dense layer with two changes that leave the mathematics as it is (tested equal to DL4J's layer):
 * <ul>
 * <li>the pre-activation input W + b comes from a gemm that writes into the row-major output array itself. DL4J's
 * layer calls {@code mmuli} into a row-major array, which computes into a column-major temporary and copies it
 * over; that copy was about a quarter of a training step (profiled).</li>
 * <li>DL4J's backprop recomputes the forward product to get the pre-activation z back (the activation overwrote it).
 * For a plain ReLU the derivative needs only the sign of z, which the output relu(z) of the training pass has, so
 * backprop uses that output and skips the second product; other activations recompute as DL4J does.</li>
 * </ul>
 */
final class RowMajorDenseLayer extends BaseLayer<RowMajorDense> {
    private static final long serialVersionUID = 1L;

    /** relu(z) of the last training forward pass, until its backprop takes it; live in that pass's workspace. */
    private transient INDArray trainingOutput;

    RowMajorDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                            LayerWorkspaceMgr workspaceMgr) {
        if (forBackprop && trainingOutput != null) {
            INDArray output = trainingOutput; // stands in for z in ReLU's derivative: relu(z) > 0 exactly where z > 0
            trainingOutput = null;
            return new Pair<>(output, output);
        }
        assertInputSet(forBackprop);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr);
        INDArray in = input.castTo(w.dataType());
        if (in.rank() != 2 || in.columns() != w.rows()) {
            throw new DL4JInvalidInputException("input of shape " + java.util.Arrays.toString(in.shape())
                    + " does not fit a layer with " + w.rows() + " inputs " + layerId());
        }
        INDArray ret = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(),
                new long[] {in.size(0), w.size(1)}, 'c');
        Nd4j.gemm(in, w, ret, false, false, 1.0, 0.0);
        ret.addiRowVector(b);
        if (maskArray != null) {
            applyMask(ret);
        }
        return new Pair<>(ret, ret);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray output = super.activate(training, workspaceMgr);
        trainingOutput = training && backpropNeedsOnlyTheOutput() ? output : null;
        return output;
    }

    private boolean backpropNeedsOnlyTheOutput() {
        return layerConf().getActivationFn() instanceof ActivationReLU relu && relu.getMax() == null
                && relu.getThreshold() == null && relu.getNegativeSlope() == null
                && maskArray == null && layerConf().getIDropout() == null && layerConf().getWeightNoise() == null;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("not a pretraining layer");
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }

    @Override
    public boolean hasLayerNorm() {
        return false;
    }
}
