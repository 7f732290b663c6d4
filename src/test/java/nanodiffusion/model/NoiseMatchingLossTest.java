package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ModelConfig;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseMatchingLossTest {
    private static final int N = 7;
    private final Random random = new Random(42);
    private final double[][] eps = new double[N][2];
    private final double[] sigma = new double[N];
    private final double[][] score = new double[N][2];

    NoiseMatchingLossTest() {
        for (int i = 0; i < N; i++) {
            sigma[i] = 0.05 + random.nextDouble();
            for (int j = 0; j < 2; j++) {
                eps[i][j] = random.nextGaussian();
                score[i][j] = random.nextGaussian() * 3;
            }
        }
    }

    private INDArray labels() {
        double[][] l = new double[N][3];
        for (int i = 0; i < N; i++) {
            l[i] = new double[] {eps[i][0], eps[i][1], sigma[i]};
        }
        return Nd4j.create(l);
    }

    /** mean over batch and coordinates of (sigma s + eps)^2, written out directly. */
    private double formula(double[][] s) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 2; j++) {
                double r = sigma[i] * s[i][j] + eps[i][j];
                sum += r * r;
            }
        }
        return sum / (2 * N);
    }

    @Test
    void scoreEqualsTheWeightedNoiseMatchingFormula() {
        double value = new NoiseMatchingLoss().computeScore(labels(), Nd4j.create(score), new ActivationIdentity(), null, true);
        assertEquals(formula(score), value, 1e-12); // double arithmetic on a handful of terms
    }

    @Test
    void gradientEqualsFormulaAndFiniteDifferences() {
        INDArray grad = new NoiseMatchingLoss().computeGradient(labels(), Nd4j.create(score), new ActivationIdentity(), null);
        double h = 1e-6;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 2; j++) {
                double analytic = sigma[i] * (sigma[i] * score[i][j] + eps[i][j]);
                assertEquals(analytic, grad.getDouble(i, j), 1e-12);
                // DL4J divides the per-example gradient by the batch size itself, so the gradient of the batch
                // mean is grad / N; central differences of the formula have O(h^2) error, about 1e-10 here
                double[][] plus = copy(score);
                double[][] minus = copy(score);
                plus[i][j] += h;
                minus[i][j] -= h;
                double numeric = (formula(plus) - formula(minus)) / (2 * h);
                assertEquals(numeric, grad.getDouble(i, j) / N, 1e-8);
            }
        }
    }

    @Test
    void networkGradientsMatchFiniteDifferences() {
        MultiLayerConfiguration conf = ScoreNetworkFactory.configuration(new ModelConfig(8, 3, ActivationKind.TANH), 2,
                new NoOp(), 3, DataType.DOUBLE);
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // DL4J's gradient check insists on it
        try {
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            INDArray features = Nd4j.rand(DataType.DOUBLE, N, 3);
            // central differences with epsilon 1e-6 in double precision: relative error well below 1e-5
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(features)
                    .labels(labels()).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertTrue(ok, "DL4J gradient check of the full network with this loss");
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }

    @Test
    void lossSurvivesConfigurationJsonRoundTrip() {
        MultiLayerConfiguration conf = ScoreNetworkFactory.configuration(new ModelConfig(64, 6, ActivationKind.RELU), 2,
                new NoOp(), 1, DataType.FLOAT);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertTrue(back.toJson().contains(NoiseMatchingLoss.class.getName()));
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
