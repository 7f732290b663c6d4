package nanodiffusion.train;

import nanodiffusion.stall.JobWatch;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.TrainConfig;
import nanodiffusion.config.TrainModeKind;
import nanodiffusion.data.DataSource;
import nanodiffusion.data.DataSources;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.data.TrainingNoise;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * DL4J parameter averaging: each round, every worker draws its own shard of the next averagingFrequency global
 * batches, fits them starting from the current parameters and Adam state, and the driver averages both.
 */
public final class SparkTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);
    private final JavaSparkContext sc;
    private final RunConfig config;
    private final TrainModeKind mode;
    private Optional<RoundWaits> lastWaits = Optional.empty();

    public SparkTrainer(JavaSparkContext sc, RunConfig config) {
        this(sc, config, config.train().mode());
    }

    public SparkTrainer(JavaSparkContext sc, RunConfig config, TrainModeKind mode) {
        this.sc = sc;
        this.config = config;
        this.mode = mode;
    }

    /**
     * Trains {@code network} in place from step {@code startStep} to train.steps and returns the loss per round.
     * When {@code ema} is given it is updated on the driver after every round with the averaged parameters: the
     * workers' own parameters are thrown away after each round, so the averaged ones are the model's trajectory,
     * and keeping the average here costs no extra traffic.
     */
    public LossHistory train(MultiLayerNetwork network, long startStep, Optional<ExponentialAverage> ema) {
        LossHistory history = new LossHistory();
        train(network, startStep, ema, history, step -> { });
        return history;
    }

    /** As above, appending to {@code history} and telling {@code listener} after every round (for checkpoints). */
    public void train(MultiLayerNetwork network, long startStep, Optional<ExponentialAverage> ema, LossHistory history,
                      TrainingRounds.RoundListener listener) {
        train(network, startStep, ema, history, listener, StopRule.never());
    }

    /** As above, stopping early after a round when {@code stop} says so; returns the step reached. */
    public long train(MultiLayerNetwork network, long startStep, Optional<ExponentialAverage> ema, LossHistory history,
                      TrainingRounds.RoundListener listener, StopRule stop) {
        int workers = workers();
        DataSource source = DataSources.of(config.data());
        RoundData data = new GeneratedRounds(sc, config.seed(), source, TrainingNoise.of(config), workers,
                config.train().batchSize() / workers);
        return train(network, startStep, ema, history, listener, stop, data);
    }

    /** Where the workers' time went in the last run, for the modes that measure it (parameter-averaging). */
    public Optional<RoundWaits> lastRoundWaits() {
        return lastWaits;
    }

    /** The parameter-averaging workers: train.workers, or Spark's default parallelism for auto. */
    public int workers() {
        return config.train().resolveWorkers(sc.defaultParallelism());
    }

    /** As above, with each round's minibatches from {@code data} (one partition per worker). */
    public long train(MultiLayerNetwork network, long startStep, Optional<ExponentialAverage> ema, LossHistory history,
                      TrainingRounds.RoundListener listener, StopRule stop, RoundData data) {
        TrainConfig tc = config.train();
        int workers = workers();
        int shard = tc.batchSize() / workers;
        LOG.info("training {} steps of {} samples on {} workers ({} each), averaging every {} steps ({})",
                tc.steps() - startStep, tc.batchSize(), workers, shard, tc.averagingFrequency(), mode.configName());
        ProgressMeter meter = new ProgressMeter(tc, startStep);
        TrainingRounds.RoundListener reporting = step -> {
            meter.record(step, history.last().loss()).ifPresent(LOG::info);
            listener.roundDone(step);
        };
        return switch (mode) {
            case PARAMETER_AVERAGING -> {
                HubTraining hub = new HubTraining(sc, tc, config.stall(), workers);
                long reached = hub.train(network, startStep, ema, history, reporting, stop, data,
                        meter::elapsedSeconds);
                lastWaits = Optional.of(hub.waits());
                yield reached;
            }
            case DL4J_PARAMETER_AVERAGING -> dl4jAveraging(network, startStep, ema, history, reporting, stop, data,
                    meter);
        };
    }

    /** DL4J's ParameterAveragingTrainingMaster: one Spark job per round. */
    private long dl4jAveraging(MultiLayerNetwork network, long startStep, Optional<ExponentialAverage> ema,
                               LossHistory history, TrainingRounds.RoundListener listener, StopRule stop,
                               RoundData data, ProgressMeter meter) {
        TrainConfig tc = config.train();
        int workers = workers();
        int shard = tc.batchSize() / workers;
        KnownSizeTrainingMaster master = trainingMaster(workers, shard);
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, network, master);
        TrainingRounds.Round round = (first, steps) -> {
            sc.setJobGroup("train", String.format("train steps %d-%d", first, first + steps - 1), false);
            JavaRDD<DataSet> batches = data.batches(first, steps);
            master.expectObjects((long) workers * steps);
            spark.fit(batches);
            ema.ifPresent(e -> e.update(network.params(), first, steps));
            return spark.getScore();
        };
        // each round's job has one task per worker: a finished task is the unit the stall watch counts
        try {
            return JobWatch.watched(sc.sc(), "train", "training task", null, config.stall(), null,
                    () -> TrainingRounds.run(tc, startStep, round, history, meter::elapsedSeconds, listener, stop));
        } finally {
            sc.clearJobGroup();
        }
    }

    private KnownSizeTrainingMaster trainingMaster(int workers, int shard) {
        return new KnownSizeTrainingMaster(new ParameterAveragingTrainingMaster.Builder(workers, shard)
                .batchSizePerWorker(shard)
                .averagingFrequency(config.train().averagingFrequency())
                // Direct: no export of data to hadoop.tmp.dir (works without a shared file system, leaves no files)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                // The round's RDD already has one partition per worker holding exactly its shard.
                .repartionData(Repartition.Never)
                // Regenerating a shard from its stream is cheaper than caching serialized arrays.
                .storageLevel(null)
                .saveUpdater(true)
                .workerPrefetchNumBatches(0)
                .rngSeed(config.seed()));
    }
}
