package nanodiffusion.model;

import nanodiffusion.sde.ScoreFunction;
import nanodiffusion.sde.ScoreParametrisation;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained network as a {@link ScoreFunction} in R^d (d = its outputs): one forward pass on rows (x, time input)
 * per call, scaled to the score.
 */
public final class NetworkScore implements ScoreFunction {
    private final MlpForward forward;
    private final ScoreParametrisation form;
    private final int dim;
    private float[] input = new float[0];
    private float[] output = new float[0];

    public NetworkScore(MultiLayerNetwork network, ScoreParametrisation form) {
        this.forward = new MlpForward(network);
        this.form = form;
        this.dim = (int) network.getLayer(network.getnLayers() - 1).getParam("b").length();
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void evaluate(double[] x, int n, double t, double[] out) {
        if (input.length != (dim + 1) * n) {
            input = new float[(dim + 1) * n];
            output = new float[dim * n];
        }
        float time = (float) form.scoreInput(t);
        for (int i = 0; i < n; i++) { // column-major [n, d + 1]: all first coordinates, ..., then the time input
            for (int c = 0; c < dim; c++) {
                input[c * n + i] = (float) x[dim * i + c];
            }
            input[dim * n + i] = time;
        }
        forward.output(input, n, output); // [n, d] column-major
        double scale = form.scoreScale(t);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                out[dim * i + c] = scale * output[c * n + i];
            }
        }
    }
}
