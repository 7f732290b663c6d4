package nanodiffusion.model;

import nanodiffusion.sde.ScoreFunction;
import nanodiffusion.sde.ScoreParametrisation;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained network as a {@link ScoreFunction} in R^d (d = its outputs): one forward pass on rows (c(t) x, time input)
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
        double inputScale = form.inputScale(t);
        for (int i = 0; i < n; i++) { // point after point: its d coordinates, then the time input
            for (int c = 0; c < dim; c++) {
                input[(dim + 1) * i + c] = (float) (inputScale * x[dim * i + c]);
            }
            input[(dim + 1) * i + dim] = time;
        }
        forward.output(input, n, output); // point after point: its d outputs
        double scale = form.scoreScale(t);
        for (int i = 0; i < dim * n; i++) {
            out[i] = scale * output[i];
        }
    }
}
