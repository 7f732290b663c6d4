package nanodiffusion.model;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense layers of the score MLP as BLAS sees them: each layer's sizes and activation, and where its W
 * (nIn x nOut, column-major) and b sit in a flat array in DL4J's parameter layout (W then b, layer after layer),
 * which the network's parameters and its gradient share. Activations live in column-major [rows, width] buffers,
 * and a layer's affine map z = 1 b^T + h W is two single-precision BLAS products.
 */
final class DenseStack {
    private static final int COL_MAJOR = openblas_nolapack.CblasColMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    final int layers;
    final int[] fanIn;
    final int[] fanOut;
    final IActivation[] activations;

    DenseStack(MultiLayerNetwork network) {
        layers = network.getnLayers();
        fanIn = new int[layers];
        fanOut = new int[layers];
        activations = new IActivation[layers];
        long size = 0;
        for (int l = 0; l < layers; l++) {
            FeedForwardLayer conf = (FeedForwardLayer) network.getLayer(l).conf().getLayer();
            fanIn[l] = (int) conf.getNIn();
            fanOut[l] = (int) conf.getNOut();
            activations[l] = conf.getActivationFn();
            size += (long) fanIn[l] * fanOut[l] + fanOut[l];
        }
        if (size != network.params().length()) {
            throw new IllegalStateException("parameter layout: dense layers hold " + size + " parameters, the network "
                    + network.params().length());
        }
    }

    /** A float array whose elements start at its buffer's address, so BLAS can be handed that address. */
    static boolean ownsItsBuffer(INDArray a) {
        return a != null && a.dataType() == DataType.FLOAT && a.offset() == 0 && a.data().offset() == 0;
    }

    static FloatPointer at(INDArray flat, long offset) {
        FloatPointer p = new FloatPointer(flat.data().addressPointer());
        p.position(offset);
        return p;
    }

    /** Each layer's W in {@code flat} (parameters or gradient, DL4J's layout). */
    FloatPointer[] weights(INDArray flat) {
        FloatPointer[] w = new FloatPointer[layers];
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            w[l] = at(flat, offset);
            offset += (long) fanIn[l] * fanOut[l] + fanOut[l];
        }
        return w;
    }

    /** Each layer's b in {@code flat}. */
    FloatPointer[] biases(INDArray flat) {
        FloatPointer[] b = new FloatPointer[layers];
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            offset += (long) fanIn[l] * fanOut[l];
            b[l] = at(flat, offset);
            offset += fanOut[l];
        }
        return b;
    }

    /** A column-major [rows, width] float buffer. */
    static INDArray columns(int rows, int width) {
        return Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, width}, 'f');
    }

    /** A row-major [points, width] float buffer: each point's features together. */
    static INDArray byPoint(int points, int width) {
        return Nd4j.createUninitialized(DataType.FLOAT, new long[] {points, width}, 'c');
    }

    /**
     * out = b 1^T + W^T in for layer l on n points held point by point ({@link #byPoint}): the bias as a rank-1
     * product, then the layer's product added.
     */
    void affineByPoint(int l, int n, FloatPointer ones, FloatPointer in, FloatPointer w, FloatPointer b,
                       FloatPointer out) {
        openblas_nolapack.cblas_sgemm(COL_MAJOR, NO_TRANS, NO_TRANS, fanOut[l], n, 1, 1f, b, fanOut[l], ones, 1, 0f,
                out, fanOut[l]);
        openblas_nolapack.cblas_sgemm(COL_MAJOR, TRANS, NO_TRANS, fanOut[l], n, fanIn[l], 1f, w, fanIn[l], in,
                fanIn[l], 1f, out, fanOut[l]);
    }

    /** out = 1 b^T + in W for layer l on n rows: the bias as a rank-1 product, then the layer's product added. */
    void affine(int l, int n, FloatPointer ones, FloatPointer in, FloatPointer w, FloatPointer b, FloatPointer out) {
        openblas_nolapack.cblas_sgemm(COL_MAJOR, NO_TRANS, NO_TRANS, n, fanOut[l], 1, 1f, ones, n, b, 1, 0f, out, n);
        openblas_nolapack.cblas_sgemm(COL_MAJOR, NO_TRANS, NO_TRANS, n, fanOut[l], fanIn[l], 1f, in, n, w, fanIn[l], 1f,
                out, n);
    }

    /** out = in W for layer l on n rows: the layer's product without its bias (a tangent's map). */
    void product(int l, int n, FloatPointer in, FloatPointer w, FloatPointer out) {
        openblas_nolapack.cblas_sgemm(COL_MAJOR, NO_TRANS, NO_TRANS, n, fanOut[l], fanIn[l], 1f, in, n, w, fanIn[l], 0f,
                out, n);
    }

    /** dW += in^T delta for layer l on n rows. */
    void addWeightGradient(int l, int n, FloatPointer in, FloatPointer delta, FloatPointer dw) {
        openblas_nolapack.cblas_sgemm(COL_MAJOR, TRANS, NO_TRANS, fanIn[l], fanOut[l], n, 1f, in, n, delta, n, 1f, dw,
                fanIn[l]);
    }

    /** dW = in^T delta and db = delta^T 1 for layer l on n rows. */
    void parameterGradients(int l, int n, FloatPointer ones, FloatPointer in, FloatPointer delta, FloatPointer dw,
                            FloatPointer db) {
        openblas_nolapack.cblas_sgemm(COL_MAJOR, TRANS, NO_TRANS, fanIn[l], fanOut[l], n, 1f, in, n, delta, n, 0f, dw,
                fanIn[l]);
        openblas_nolapack.cblas_sgemv(COL_MAJOR, TRANS, n, fanOut[l], 1f, delta, n, ones, 1, 0f, db, 1);
    }

    /** dIn = delta W^T for layer l on n rows: the gradient with respect to the layer's input. */
    void inputGradient(int l, int n, FloatPointer delta, FloatPointer w, FloatPointer dIn) {
        openblas_nolapack.cblas_sgemm(COL_MAJOR, NO_TRANS, TRANS, n, fanIn[l], fanOut[l], 1f, delta, n, w, fanIn[l], 0f,
                dIn, n);
    }
}
