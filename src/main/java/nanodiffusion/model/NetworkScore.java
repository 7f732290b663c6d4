package nanodiffusion.model;

import nanodiffusion.sde.ScoreFunction;
import nanodiffusion.sde.ScoreParametrisation;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The trained network as a {@link ScoreFunction}: one forward pass on rows (x, y, time input) per call, scaled to the score. */
public final class NetworkScore implements ScoreFunction {
    private final MlpForward forward;
    private final ScoreParametrisation form;
    private float[] input = new float[0];
    private float[] output = new float[0];

    public NetworkScore(MultiLayerNetwork network, ScoreParametrisation form) {
        this.forward = new MlpForward(network);
        this.form = form;
    }

    @Override
    public void evaluate(double[] xy, int n, double t, double[] out) {
        if (input.length != 3 * n) {
            input = new float[3 * n];
            output = new float[2 * n];
        }
        float time = (float) form.scoreInput(t);
        for (int i = 0; i < n; i++) { // column-major [n, 3]: all x, then all y, then the time input
            input[i] = (float) xy[2 * i];
            input[n + i] = (float) xy[2 * i + 1];
            input[2 * n + i] = time;
        }
        forward.output(input, n, output); // [n, 2] column-major
        double scale = form.scoreScale(t);
        for (int i = 0; i < n; i++) {
            out[2 * i] = scale * output[i];
            out[2 * i + 1] = scale * output[n + i];
        }
    }
}
