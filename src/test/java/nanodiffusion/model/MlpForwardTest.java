package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.config.TimeInputKind;
import nanodiffusion.sde.FixedStepOde;
import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.TimeGrid;
import nanodiffusion.sde.VpSde;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpForwardTest {
    @Test
    void matchesDl4jOutputForEveryActivationAndBatchSize() {
        for (ActivationKind act : new ActivationKind[] {ActivationKind.RELU, ActivationKind.TANH, ActivationKind.SWISH}) {
            MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(64, 6, act), 2, new Adam(1e-3), 4);
            MlpForward forward = new MlpForward(net);
            for (int n : new int[] {1000, 7, 1000}) { // buffers resized and reused
                INDArray input = Nd4j.rand(DataType.FLOAT, n, 3).subi(0.5).muli(4);
                INDArray expected = net.output(input, false);
                INDArray actual = forward.output(input.dup('f'));
                // float32 with the same gemm; only the order of bias add and accumulation can differ in the last bit
                double diff = expected.sub(actual).amaxNumber().doubleValue();
                assertTrue(diff < 1e-5, act + " n=" + n + " max diff " + diff);
                assertEquals(n, actual.size(0));
            }
        }
    }

    @Test
    void networkScoreKeepsPointsInOrder() {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(16, 3, ActivationKind.RELU), 2, new Adam(1e-3), 1);
        double[] xy = {0.1, -0.2, 0.7, 0.4, -1.1, 0.9};
        double[] out = new double[6];
        new NetworkScore(net, ScoreParametrisation.seed(new VpSde(0.1, 20, 1))).evaluate(xy, 3, 0.3, out);
        for (int i = 0; i < 3; i++) {
            float[] row = net.output(Nd4j.create(new float[][] {{(float) xy[2 * i], (float) xy[2 * i + 1], 0.3f}})).toFloatVector();
            assertEquals(row[0], out[2 * i], 1e-6);
            assertEquals(row[1], out[2 * i + 1], 1e-6);
        }
    }

    @Test
    void networkScoreOfANoisePredictorIsItsOutputOverMinusSigmaAtTheLogSnrInput() {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(16, 3, ActivationKind.RELU), 2, new Adam(1e-3), 1);
        VpSde schedule = new VpSde(0.1, 20, 1);
        ScoreParametrisation form = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR, schedule);
        double[] xy = {0.1, -0.2, 0.7, 0.4};
        double[] out = new double[4];
        double t = 0.05;
        new NetworkScore(net, form).evaluate(xy, 2, t, out);
        float c = (float) form.timeFeature(t);
        for (int i = 0; i < 2; i++) {
            float[] row = net.output(Nd4j.create(new float[][] {{(float) xy[2 * i], (float) xy[2 * i + 1], c}})).toFloatVector();
            // float32 outputs scaled by 1/sigma(0.05) ~ 4.4
            assertEquals(-row[0] / schedule.sigma(t), out[2 * i], 1e-5);
            assertEquals(-row[1] / schedule.sigma(t), out[2 * i + 1], 1e-5);
        }
    }

    @Test
    void probabilityFlowOdeWithANoisePredictorStaysFiniteThroughTheLastStageAtTimeZero() {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(16, 3, ActivationKind.RELU), 2, new Adam(1e-3), 2);
        VpSde schedule = new VpSde(0.1, 20, 1);
        ScoreParametrisation form = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR, schedule);
        NetworkScore score = new NetworkScore(net, form);
        double[] at0 = new double[4];
        score.evaluate(new double[] {0.5, 0.5, -1, 0.2}, 2, 0, at0);
        double[] atMin = new double[4];
        score.evaluate(new double[] {0.5, 0.5, -1, 0.2}, 2, ScoreParametrisation.MIN_SCORE_TIME, atMin);
        org.junit.jupiter.api.Assertions.assertArrayEquals(atMin, at0, 0);
        for (FixedStepOde.Method method : FixedStepOde.Method.values()) {
            double[] xy = {0.3, -0.4, 1.2, 0.8};
            new FixedStepOde(schedule, TimeGrid.uniform(1, 20), method).integrate(xy, 2, score, null);
            for (double v : xy) {
                assertTrue(Double.isFinite(v), method + " gave " + java.util.Arrays.toString(xy));
            }
        }
    }
}
