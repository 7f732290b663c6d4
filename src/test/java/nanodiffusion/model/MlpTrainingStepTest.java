package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.LrScheduleConfig;
import nanodiffusion.config.LrScheduleKind;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.config.TimeInputKind;
import nanodiffusion.data.NoisedBatch;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.RingDistribution;
import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.VpSde;
import nanodiffusion.train.LearningRate;
import nanodiffusion.train.WorkerShard;
import nanodiffusion.train.ScheduledLearningRate;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpTrainingStepTest {
    private static DataSet batch(ScoreParametrisation form, long step, int rows) {
        return WorkerShard.toDataSet(NoisedBatch.draw(new RingDistribution(200), form,
                RandomStreams.open(5, RandomStreams.Domain.TRAIN, step, 0), rows));
    }

    private static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= relative * scale, what + ": max difference " + diff + " at scale " + scale);
    }

    /**
     * Against DL4J's own fit: the loss of every step, and after the steps the parameters, the Adam moments and the
     * iteration count. Both compute in float32 with the same products; only the summation order inside the
     * products differs, so after 5 steps the parameters agree to 1e-5 of their largest magnitude (RowMajorDenseTest
     * holds DL4J's layers to the same bound).
     */
    private static void assertSameAsFit(ModelConfig model, ScoreParametrisation form, Adam adam, int rows) {
        MultiLayerNetwork fitted = ScoreNetworkFactory.create(model, 2, adam, 3);
        MultiLayerNetwork stepped = ScoreNetworkFactory.create(model, 2, adam, 3);
        MlpTrainingStep step = MlpTrainingStep.forNetwork(stepped);
        assertNotNull(step, model + " is a network the step computes");
        for (int i = 0; i < 5; i++) {
            DataSet data = batch(form, i, rows);
            fitted.fit(data);
            step.fit(data);
            // DL4J sums the per-example losses in float32 (relative error up to ~1e-6 at these sizes); the step in double
            assertEquals(fitted.score(), stepped.score(), 1e-5 * fitted.score(), model + " loss at step " + i);
        }
        assertClose(fitted.params(), stepped.params(), 1e-5, model + " parameters after 5 Adam steps");
        assertClose(fitted.getUpdater().getStateViewArray(), stepped.getUpdater().getStateViewArray(), 1e-4,
                model + " Adam moments");
        assertEquals(fitted.getIterationCount(), stepped.getIterationCount(), "iteration count");
    }

    @Test
    void stepsEqualDl4jFitForTheSeedsNetwork() {
        VpSde schedule = new VpSde(0.1, 20, 1);
        assertSameAsFit(new ModelConfig(64, 6, ActivationKind.RELU), ScoreParametrisation.seed(schedule),
                new Adam(1e-3), 3000);
    }

    @Test
    void stepsEqualDl4jFitForTheNoisePredictingNetworkWithAScheduledRate() {
        VpSde schedule = new VpSde(0.1, 20, 1);
        ScoreParametrisation form = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR, schedule);
        Adam cosine = new Adam(ScheduledLearningRate.of(new LearningRate(1e-2,
                new LrScheduleConfig(LrScheduleKind.COSINE, 1e-4, 2, 1, 1), 6)));
        assertSameAsFit(new ModelConfig(32, 4, ActivationKind.RELU, ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR),
                form, cosine, 1000);
    }

    @Test
    void stepsEqualDl4jFitForActivationsThatNeedThePreActivation() {
        VpSde schedule = new VpSde(0.1, 20, 1);
        for (ActivationKind act : new ActivationKind[] {ActivationKind.TANH, ActivationKind.SWISH}) {
            assertSameAsFit(new ModelConfig(16, 3, act), ScoreParametrisation.seed(schedule), new Adam(1e-3), 500);
        }
    }

    @Test
    void changingBatchSizesReuseNothingStale() {
        ModelConfig model = new ModelConfig(16, 3, ActivationKind.RELU);
        ScoreParametrisation form = ScoreParametrisation.seed(new VpSde(0.1, 20, 1));
        MultiLayerNetwork fitted = ScoreNetworkFactory.create(model, 2, new Adam(1e-3), 1);
        MultiLayerNetwork stepped = ScoreNetworkFactory.create(model, 2, new Adam(1e-3), 1);
        MlpTrainingStep step = MlpTrainingStep.forNetwork(stepped);
        for (int rows : new int[] {700, 300, 700}) {
            DataSet data = batch(form, rows, rows);
            fitted.fit(data);
            step.fit(data);
            assertEquals(fitted.score(), stepped.score(), 1e-5 * fitted.score(), "loss at " + rows + " rows");
        }
        assertClose(fitted.params(), stepped.params(), 1e-5, "parameters");
    }

    @Test
    void refusesNetworksItDoesNotComputeExactly() {
        MultiLayerConfiguration otherLoss = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(8).activation(Activation.RELU).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(otherLoss);
        net.init();
        assertNull(MlpTrainingStep.forNetwork(net), "dropout and another loss: left to DL4J's fit");
    }
}
