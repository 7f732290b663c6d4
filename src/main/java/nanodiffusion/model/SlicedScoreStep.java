package nanodiffusion.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * One training step of sliced score matching (Song et al. 2019, the variance-reduced form) on noised data, with its
 * Jacobian-vector products taken by central differences (finite-difference score matching, Pang et al. 2020). With
 * the score s = k(t) * out (out the network's output), the loss factor f = sigma k (sigma for a score output, -1
 * for a noise output), M Gaussian projections v_m per point and a step e per point:
 * <pre>
 *   l = sigma^2 (1/2 |s|^2 + mean_m v_m^T (ds/dx) v_m)
 *     ~ 1/2 f^2 |out(x)|^2 + sigma f mean_m v_m^T (out(x + e v_m) - out(x - e v_m)) / (2 e),
 * </pre>
 * the sigma^2-weighted Hyvarinen objective with the Hutchinson estimate of its trace: no transition kernel enters
 * the loss, only samples x_t. In expectation over x_t = alpha x0 + sigma eps it equals the denoising loss
 * 1/2 |f out + eps|^2 less d/2 (Stein's identity), up to the differences' O(e^2).
 * <p>
 * Why differences and not the exact Jacobian: for a ReLU network the Jacobian is piecewise constant in x, and the
 * per-point gradient of v^T J v with respect to the parameters misses how the kinks move, which is the whole of the
 * population gradient's dependence on where the kinks lie; trained that way the network learns nothing (measured: on
 * N(0, I) its output stayed at 0.96 of the exact output's squared error). The central difference is continuous in
 * the parameters for any activation, so its per-point gradient is unbiased for its own objective, and the step is
 * the ordinary forward and backward pass ({@link BlasTrainingStep}) on 1 + 2M stacked copies of the batch: x, then
 * x + e v_m and x - e v_m for each m. Labels per point: v_1 .. v_M (d each), then f, sigma and e.
 */
public final class SlicedScoreStep extends BlasTrainingStep implements TrainingStep {
    private final int projections;
    private float[] out = new float[0];
    private float[] grad = new float[0];
    private float[] in = new float[0]; // the stacked input, kept across steps of the same size

    private SlicedScoreStep(MultiLayerNetwork network, int projections) {
        super(network);
        this.projections = projections;
    }

    /**
     * The step for {@code network}, or an exception saying why it cannot be one: it needs what
     * {@link MlpTrainingStep} needs (the differences are ordinary forward passes, any activation).
     */
    public static SlicedScoreStep forNetwork(MultiLayerNetwork network, int projections) {
        String why = MlpTrainingStep.unsupported(network);
        if (why != null) {
            throw new IllegalArgumentException("sliced score matching needs a plain dense score MLP: " + why);
        }
        if (projections < 1) {
            throw new IllegalArgumentException("projections must be >= 1, got " + projections);
        }
        return new SlicedScoreStep(network, projections);
    }

    /** Columns of a row of labels for {@code projections} directions in R^d: the directions, f, sigma and e. */
    public static int labelColumns(int projections, int d) {
        return projections * d + 3;
    }

    /** One step on {@code batch} (features [n, d + 1], labels [n, M d + 3]); sets the network's score to the loss. */
    public void fit(DataSet batch) {
        network.setScore(lossAndGradient(batch));
        update();
    }

    /** The batch loss, with its gradient written to the network's gradient view (no update). */
    public double lossAndGradient(DataSet batch) {
        float[] x = batch.getFeatures().dup('c').data().asFloat();
        float[] labels = batch.getLabels().dup('c').data().asFloat();
        int n = (int) batch.getFeatures().size(0);
        int d = stack.fanOut[layers - 1];
        int inputs = stack.fanIn[0];
        int columns = labelColumns(projections, d);
        if (labels.length != n * columns) {
            throw new IllegalArgumentException("sliced score matching needs labels [n, " + columns + "] (" + projections
                    + " projections of " + d + ", f, sigma, step); got " + labels.length / Math.max(n, 1) + " columns");
        }
        int rows = (1 + 2 * projections) * n;
        if (out.length != d * rows) {
            out = new float[d * rows];
            grad = new float[d * rows];
        }
        if (in.length != rows * inputs) {
            in = new float[rows * inputs];
        }
        input(rows).data().asNioFloat().put(stacked(x, labels, n, d, inputs, columns, rows));
        forward(rows, out);
        double loss = lossAndOutputGradient(labels, n, d, columns, rows);
        backward(rows, grad);
        return loss;
    }

    /** The batch's loss at the stacked outputs, and its gradient with respect to each of them into {@code grad}. */
    private double lossAndOutputGradient(float[] labels, int n, int d, int columns, int rows) {
        double loss = 0;
        float inv = 1f / n;
        for (int i = 0; i < n; i++) {
            int label = columns * i;
            float f = labels[label + columns - 3];
            float sigma = labels[label + columns - 2];
            float step = labels[label + columns - 1];
            float slope = sigma * f / (2 * step * projections); // d(loss)/d(v^T out(x +- e v)) = +-slope
            double squared = 0;
            double trace = 0;
            for (int c = 0; c < d; c++) {
                float o = out[c * rows + i];
                squared += (double) o * o;
                grad[c * rows + i] = f * f * o * inv;
            }
            for (int m = 0; m < projections; m++) {
                int plus = (1 + 2 * m) * n + i;
                int minus = plus + n;
                for (int c = 0; c < d; c++) {
                    float v = labels[label + m * d + c];
                    trace += (double) v * (out[c * rows + plus] - out[c * rows + minus]);
                    grad[c * rows + plus] = slope * v * inv;
                    grad[c * rows + minus] = -slope * v * inv;
                }
            }
            loss += 0.5 * f * f * squared + slope * trace;
        }
        return loss / n;
    }

    /** The network's input, column-major [rows, inputs]: x, then x + e v_m and x - e v_m for each m; time as given. */
    private float[] stacked(float[] x, float[] labels, int n, int d, int inputs, int columns, int rows) {
        for (int block = 0; block < 1 + 2 * projections; block++) {
            int m = (block - 1) / 2;
            float sign = block == 0 ? 0 : block % 2 == 1 ? 1 : -1;
            for (int i = 0; i < n; i++) {
                int r = block * n + i;
                float step = labels[columns * i + columns - 1];
                for (int c = 0; c < inputs; c++) {
                    float shift = c < d && sign != 0 ? sign * step * labels[columns * i + m * d + c] : 0;
                    in[c * rows + r] = x[inputs * i + c] + shift;
                }
            }
        }
        return in;
    }
}
