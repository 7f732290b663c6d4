package nanodiffusion.train;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.TrainModeKind;
import nanodiffusion.data.NoisedBatch;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.RingDistribution;
import nanodiffusion.model.ScoreNetworkFactory;
import nanodiffusion.testing.LocalSpark;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkParameterAveragingTest {
    private LocalSpark spark;

    @BeforeAll
    void start() {
        spark = new LocalSpark();
    }

    @AfterAll
    void stop() {
        spark.close();
    }

    private static RunConfig config(int steps, int batch, int workers, int averaging) {
        return config(steps, batch, workers, averaging, "parameter-averaging");
    }

    private static RunConfig config(int steps, int batch, int workers, int averaging, String mode) {
        return ConfigLoader.load(null, List.of("train.steps=" + steps, "train.batchSize=" + batch,
                "train.workers=" + workers, "train.averagingFrequency=" + averaging, "train.logEvery=1",
                "model.width=16", "model.depth=3", "train.mode=" + mode));
    }

    private static MultiLayerNetwork sgdNetwork(RunConfig c) {
        return ScoreNetworkFactory.create(ScoreNetworkFactory.configuration(
                new ModelConfig(16, 3, ActivationKind.TANH), 2, new Sgd(0.05), 7, DataType.FLOAT), 7);
    }

    @Test
    void sameSeedTrainsTheSameModelTwice() {
        RunConfig c = config(20, 400, 2, 5);
        MultiLayerNetwork first = ScoreNetworkFactory.create(c.model(), 2, new org.nd4j.linalg.learning.config.Adam(1e-3), 3);
        MultiLayerNetwork second = ScoreNetworkFactory.create(c.model(), 2, new org.nd4j.linalg.learning.config.Adam(1e-3), 3);
        LossHistory a = new SparkTrainer(spark.jsc(), c).train(first, 0, java.util.Optional.empty());
        LossHistory b = new SparkTrainer(spark.jsc(), c).train(second, 0, java.util.Optional.empty());
        assertEquals(a.points().stream().map(LossHistory.Point::loss).toList(),
                b.points().stream().map(LossHistory.Point::loss).toList());
        assertEquals(first.params(), second.params()); // single-threaded native math: bit-for-bit repeatable
    }

    @Test
    void averagingOnTheDriverInOneJobTrainsBitForBitWhatDl4jsJobPerRoundAveragingTrains() {
        // Two workers: the sum of two floats does not depend on their order, so the two routes' averages, and with
        // them every later step, are the same floats (DL4J sums the results in the order its tasks finish).
        RunConfig c = config(23, 400, 2, 5); // the last round is shorter (3 steps)
        RunConfig viaDl4j = config(23, 400, 2, 5, "dl4j-parameter-averaging"); // train.mode: the route, not the model
        assertEquals(TrainModeKind.DL4J_PARAMETER_AVERAGING, viaDl4j.train().mode());
        MultiLayerNetwork dl4j = Checkpoint.fresh(viaDl4j).network();
        MultiLayerNetwork hub = Checkpoint.fresh(c).network();
        LossHistory a = new SparkTrainer(spark.jsc(), viaDl4j).train(dl4j, 0, java.util.Optional.empty());
        LossHistory b = new SparkTrainer(spark.jsc(), c).train(hub, 0, java.util.Optional.empty());
        // DL4J's master counts a whole averagingFrequency for the short last round: its iteration count tells the
        // routes apart, so the setting chose DL4J's route for the first and the driver's for the second
        assertEquals(25, dl4j.getIterationCount());

        assertEquals(List.of(5L, 10L, 15L, 20L, 23L), b.points().stream().map(LossHistory.Point::step).toList());
        assertEquals(a.points().stream().map(LossHistory.Point::loss).toList(),
                b.points().stream().map(LossHistory.Point::loss).toList());
        assertEquals(dl4j.params(), hub.params());
        assertEquals(dl4j.getUpdater().getStateViewArray(), hub.getUpdater().getStateViewArray());
        // the Adam steps taken; DL4J's master counts a whole averagingFrequency for the short last round (25)
        assertEquals(23, hub.getIterationCount());
        double moved = hub.params().sub(Checkpoint.fresh(c).network().params()).amaxNumber().doubleValue();
        assertTrue(moved > 1e-3, "training must move the parameters, moved " + moved);
    }

    @Test
    void averagingEveryStepMatchesSingleMachine() {
        RunConfig c = config(3, 400, 2, 1);
        MultiLayerNetwork distributed = sgdNetwork(c);
        MultiLayerNetwork single = sgdNetwork(c);
        assertEquals(single.params(), distributed.params());

        new SparkTrainer(spark.jsc(), c).train(distributed, 0, java.util.Optional.empty());

        // Single machine: each step fits the concatenation of the two workers' shards for that step.
        nanodiffusion.data.TrainingNoise noise = nanodiffusion.data.TrainingNoise.of(c); // the trainer's own draw
        RingDistribution ring = new RingDistribution(c.data().scale());
        for (long step = 0; step < 3; step++) {
            List<DataSet> shards = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                shards.add(WorkerShard.toDataSet(NoisedBatch.draw(ring, noise,
                        RandomStreams.open(c.seed(), RandomStreams.Domain.TRAIN, step, w), 200, 1)));
            }
            single.fit(DataSet.merge(shards));
        }
        // SGD is linear in the gradient, so the mean of two half-batch steps is the full-batch step; what remains
        // is float32 rounding of sums taken in a different order (parameters are O(0.5), rounding O(1e-7) a step).
        double maxDiff = single.params().sub(distributed.params()).amaxNumber().doubleValue();
        double moved = single.params().sub(sgdNetwork(c).params()).amaxNumber().doubleValue();
        assertTrue(moved > 1e-3, "training must move the parameters, moved " + moved);
        assertTrue(maxDiff < 1e-5, "max |single - averaged| = " + maxDiff);
    }

    @Test
    void localTrainerMatchesParameterAveragingOverOneWorker() {
        // One worker draws the whole batch from the stream (seed, step, 0), as the local trainer does, and averaging
        // over one worker changes nothing: the two routes must train the same Adam model.
        RunConfig c = config(20, 400, 1, 5);
        MultiLayerNetwork distributed = Checkpoint.fresh(c).network();
        MultiLayerNetwork local = Checkpoint.fresh(c).network();
        new SparkTrainer(spark.jsc(), c).train(distributed, 0, java.util.Optional.empty());
        LossHistory history = new LossHistory();
        long steps = new LocalTrainer(c).train(local, java.util.Optional.empty(), history, Deadline.none());

        assertEquals(20, steps);
        assertEquals(List.of(5L, 10L, 15L, 20L), history.points().stream().map(LossHistory.Point::step).toList());
        double moved = local.params().sub(Checkpoint.fresh(c).network().params()).amaxNumber().doubleValue();
        double maxDiff = local.params().sub(distributed.params()).amaxNumber().doubleValue();
        assertTrue(moved > 1e-3, "training must move the parameters, moved " + moved);
        // same data and arithmetic; only float32 rounding of the parameter/updater copies may differ (O(1e-7))
        assertTrue(maxDiff < 1e-5, "max |local - averaged| = " + maxDiff);
    }

    @Test
    void aPassedDeadlineStopsTrainingAtTheEndOfTheRound() {
        RunConfig c = config(20, 400, 1, 5);
        LossHistory history = new LossHistory();
        long steps = new LocalTrainer(c).train(Checkpoint.fresh(c).network(), java.util.Optional.empty(), history,
                new Deadline(System.nanoTime()));
        assertEquals(5, steps);
        assertEquals(1, history.points().size());
    }
}
