package nanodiffusion.model;

import nanodiffusion.sde.ScoreFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The trained network as a {@link ScoreFunction}: one forward pass on rows (x, y, t) per call. */
public final class NetworkScore implements ScoreFunction {
    private final MultiLayerNetwork network;
    private float[] input = new float[0];

    public NetworkScore(MultiLayerNetwork network) {
        this.network = network;
    }

    @Override
    public void evaluate(double[] xy, int n, double t, double[] out) {
        if (input.length != 3 * n) {
            input = new float[3 * n];
        }
        for (int i = 0; i < n; i++) {
            input[3 * i] = (float) xy[2 * i];
            input[3 * i + 1] = (float) xy[2 * i + 1];
            input[3 * i + 2] = (float) t;
        }
        INDArray in = Nd4j.create(input, new long[] {n, 3}, 'c');
        float[] s = network.output(in, false).ravel().toFloatVector();
        for (int i = 0; i < 2 * n; i++) {
            out[i] = s[i];
        }
    }
}
