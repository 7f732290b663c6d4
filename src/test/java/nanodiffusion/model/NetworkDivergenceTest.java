package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.InputScaleKind;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.config.TimeInputKind;
import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.VeSde;
import nanodiffusion.sde.VpSde;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkDivergenceTest {
    @Test
    void traceOfTheJacobianMatchesFiniteDifferencesAndScoreMatchesOutputInEveryParametrisation() {
        MultiLayerNetwork net = new MultiLayerNetwork(ScoreNetworkFactory.configuration(
                new ModelConfig(16, 4, ActivationKind.TANH), 2, new NoOp(), 5, DataType.DOUBLE));
        net.init();
        VpSde schedule = new VpSde(0.1, 20, 1);
        for (ScoreParametrisation form : new ScoreParametrisation[] {ScoreParametrisation.seed(schedule),
                new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR, schedule),
                new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR, InputScaleKind.UNIT,
                        new VeSde(0.01, 50, 1))}) {
            NetworkDivergence model = new NetworkDivergence(net, form);
            double[] xy = {0.3, -0.8, 1.1, 0.2, -0.5, 0.9};
            int n = 3;
            double t = 0.37;
            double[] score = new double[2 * n];
            double[] div = new double[n];
            model.evaluate(xy, n, t, score, div);
            double h = 1e-5;
            double c = form.timeFeature(t);
            double k = form.outputScale(t); // the score is k times the output at (u x, time input)
            double u = form.inputScale(t);
            for (int i = 0; i < n; i++) {
                double x = xy[2 * i];
                double y = xy[2 * i + 1];
                double[] out = at(net, u * x, u * y, c);
                assertEquals(k * out[0], score[2 * i], 1e-12);
                assertEquals(k * out[1], score[2 * i + 1], 1e-12);
                // differences in x itself, so the input scale's chain-rule factor u is part of what is checked
                double dsx = k * (at(net, u * (x + h), u * y, c)[0] - at(net, u * (x - h), u * y, c)[0]) / (2 * h);
                double dsy = k * (at(net, u * x, u * (y + h), c)[1] - at(net, u * x, u * (y - h), c)[1]) / (2 * h);
                // central differences in double precision on a smooth (tanh) network: error O(h^2) ~ 1e-9
                assertEquals(dsx + dsy, div[i], 1e-7, form + " point " + i);
            }
        }
    }

    /**
     * In R^3: the exact trace (three backward passes) against central differences of the network, and Hutchinson's
     * estimate, which is unbiased: its mean over 1000 Rademacher probes per point is the exact trace within 4 of its
     * standard errors. v^T J v = tr J + sum_{a < b} (J_ab + J_ba) v_a v_b, whose products are uncorrelated with
     * variance 1, so one probe's variance is sum_{a < b} (J_ab + J_ba)^2, taken from the finite-difference Jacobian.
     */
    @Test
    void exactTraceAndHutchinsonsEstimateAgreeInThreeDimensions() {
        MultiLayerNetwork net = new MultiLayerNetwork(ScoreNetworkFactory.configuration(
                new ModelConfig(16, 4, ActivationKind.TANH), 3, new NoOp(), 5, DataType.DOUBLE));
        net.init();
        ScoreParametrisation form = ScoreParametrisation.seed(new VpSde(0.1, 20, 1));
        double[] x = {0.3, -0.8, 0.5, 1.1, 0.2, -0.4};
        int n = 2;
        double t = 0.37;
        double[] score = new double[3 * n];
        double[] exact = new double[n];
        NetworkDivergence model = new NetworkDivergence(net, form);
        assertEquals(3, model.dim());
        model.evaluate(x, n, t, score, exact);
        int probes = 1000;
        double[] estimate = new double[n];
        new NetworkDivergence(net, form, nanodiffusion.config.TraceKind.HUTCHINSON, probes,
                nanodiffusion.data.RandomStreams.open(1, nanodiffusion.data.RandomStreams.Domain.LIKELIHOOD_PROBES))
                .evaluate(x, n, t, score, estimate);
        double h = 1e-5;
        for (int i = 0; i < n; i++) {
            double[][] jacobian = new double[3][3]; // d output_a / d x_b (the seed's form: the score is the output)
            for (int b = 0; b < 3; b++) {
                double[] up = java.util.Arrays.copyOf(java.util.Arrays.copyOfRange(x, 3 * i, 3 * i + 3), 4);
                double[] down = up.clone();
                up[3] = t;
                down[3] = t;
                up[b] += h;
                down[b] -= h;
                double[] hi = net.output(Nd4j.create(new double[][] {up})).toDoubleVector();
                double[] lo = net.output(Nd4j.create(new double[][] {down})).toDoubleVector();
                for (int a = 0; a < 3; a++) {
                    jacobian[a][b] = (hi[a] - lo[a]) / (2 * h);
                }
            }
            double trace = jacobian[0][0] + jacobian[1][1] + jacobian[2][2];
            assertEquals(trace, exact[i], 1e-7, "exact trace, point " + i); // as above: O(h^2) in double precision
            double variance = 0;
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    variance += Math.pow(jacobian[a][b] + jacobian[b][a], 2);
                }
            }
            assertEquals(exact[i], estimate[i], 4 * Math.sqrt(variance / probes), "Hutchinson, point " + i);
            assertTrue(estimate[i] != exact[i], "an estimate, not the exact trace");
        }
    }

    private static double[] at(MultiLayerNetwork net, double x, double y, double t) {
        return net.output(Nd4j.create(new double[][] {{x, y, t}})).toDoubleVector();
    }
}
