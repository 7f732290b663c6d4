package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.config.TimeInputKind;
import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.VpSchedule;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NetworkDivergenceTest {
    @Test
    void traceOfTheJacobianMatchesFiniteDifferencesAndScoreMatchesOutputInEveryParametrisation() {
        MultiLayerNetwork net = new MultiLayerNetwork(ScoreNetworkFactory.configuration(
                new ModelConfig(16, 4, ActivationKind.TANH), 2, new NoOp(), 5, DataType.DOUBLE));
        net.init();
        VpSchedule schedule = new VpSchedule(0.1, 20, 1);
        for (ScoreParametrisation form : new ScoreParametrisation[] {ScoreParametrisation.seed(schedule),
                new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR, schedule)}) {
            NetworkDivergence model = new NetworkDivergence(net, form);
            double[] xy = {0.3, -0.8, 1.1, 0.2, -0.5, 0.9};
            int n = 3;
            double t = 0.37;
            double[] score = new double[2 * n];
            double[] div = new double[n];
            model.evaluate(xy, n, t, score, div);
            double h = 1e-5;
            double c = form.timeFeature(t);
            double k = form.outputScale(t); // the score is k times the output
            for (int i = 0; i < n; i++) {
                double[] out = at(net, xy[2 * i], xy[2 * i + 1], c);
                assertEquals(k * out[0], score[2 * i], 1e-12);
                assertEquals(k * out[1], score[2 * i + 1], 1e-12);
                double dsx = k * (at(net, xy[2 * i] + h, xy[2 * i + 1], c)[0] - at(net, xy[2 * i] - h, xy[2 * i + 1], c)[0]) / (2 * h);
                double dsy = k * (at(net, xy[2 * i], xy[2 * i + 1] + h, c)[1] - at(net, xy[2 * i], xy[2 * i + 1] - h, c)[1]) / (2 * h);
                // central differences in double precision on a smooth (tanh) network: error O(h^2) ~ 1e-9
                assertEquals(dsx + dsy, div[i], 1e-7, form + " point " + i);
            }
        }
    }

    private static double[] at(MultiLayerNetwork net, double x, double y, double t) {
        return net.output(Nd4j.create(new double[][] {{x, y, t}})).toDoubleVector();
    }
}
