package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NetworkDivergenceTest {
    @Test
    void traceOfTheJacobianMatchesFiniteDifferencesAndScoreMatchesOutput() {
        MultiLayerNetwork net = new MultiLayerNetwork(ScoreNetworkFactory.configuration(
                new ModelConfig(16, 4, ActivationKind.TANH), new NoOp(), 5, DataType.DOUBLE));
        net.init();
        NetworkDivergence model = new NetworkDivergence(net);
        double[] xy = {0.3, -0.8, 1.1, 0.2, -0.5, 0.9};
        int n = 3;
        double t = 0.37;
        double[] score = new double[2 * n];
        double[] div = new double[n];
        model.evaluate(xy, n, t, score, div);
        double h = 1e-5;
        for (int i = 0; i < n; i++) {
            double[] out = net.output(Nd4j.create(new double[][] {{xy[2 * i], xy[2 * i + 1], t}})).toDoubleVector();
            assertEquals(out[0], score[2 * i], 1e-12);
            assertEquals(out[1], score[2 * i + 1], 1e-12);
            double dsx = (at(net, xy[2 * i] + h, xy[2 * i + 1], t)[0] - at(net, xy[2 * i] - h, xy[2 * i + 1], t)[0]) / (2 * h);
            double dsy = (at(net, xy[2 * i], xy[2 * i + 1] + h, t)[1] - at(net, xy[2 * i], xy[2 * i + 1] - h, t)[1]) / (2 * h);
            // central differences in double precision on a smooth (tanh) network: error O(h^2) ~ 1e-9
            assertEquals(dsx + dsy, div[i], 1e-7, "point " + i);
        }
    }

    private static double[] at(MultiLayerNetwork net, double x, double y, double t) {
        return net.output(Nd4j.create(new double[][] {{x, y, t}})).toDoubleVector();
    }
}
