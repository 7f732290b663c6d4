package nanodiffusion.bench;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.Settings;
import nanodiffusion.config.TrainModeKind;
import nanodiffusion.data.NoisedBatch;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.DataSources;
import nanodiffusion.model.FlopCount;
import nanodiffusion.model.MlpTrainingStep;
import nanodiffusion.model.ScoreNetworkFactory;
import nanodiffusion.sample.SparkSampler;
import nanodiffusion.data.TrainingNoise;
import nanodiffusion.train.WorkerShard;
import nanodiffusion.train.SparkTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The benchmark cases: a single-JVM training step, data generation, Spark parameter-averaging throughput over
 * workers x averaging frequency, and the distributed sampling job. Every case is warmed up first and then timed
 * as whole repetitions.
 */
public final class Benchmarks {
    private static final Logger LOG = LoggerFactory.getLogger(Benchmarks.class);

    private final RunConfig base;
    private final int repeats;
    private final int steps;

    public Benchmarks(RunConfig base, int repeats, int steps) {
        this.base = base;
        this.repeats = repeats;
        this.steps = steps;
    }

    private static Measurement measure(String name, String unit, int cores, double secondsPerValue, double work,
                                       int warmups, int repeats, DoubleSupplier run) {
        for (int i = 0; i < warmups; i++) {
            run.getAsDouble();
        }
        double[] values = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            values[i] = run.getAsDouble();
        }
        Measurement m = new Measurement(name, unit, cores, values, work, secondsPerValue);
        LOG.info("{}: median {} {}", name, String.format("%.2f", m.median()), unit);
        return m;
    }

    private NoisedBatch batch(long step, int rows) {
        return NoisedBatch.draw(DataSources.of(base.data()), TrainingNoise.of(base),
                RandomStreams.open(base.seed(), RandomStreams.Domain.TRAIN, step, 0), rows, 1);
    }

    /**
     * One training step on a global batch in this JVM, without Spark, data prepared beforehand: the step the
     * trainers use ({@link MlpTrainingStep}), or with {@code dl4jFit} DL4J's own {@code MultiLayerNetwork.fit}.
     */
    public Measurement singleJvmStep(boolean dl4jFit) {
        int rows = base.train().batchSize();
        MultiLayerNetwork net = ScoreNetworkFactory.create(base.model(), base.data().dim(), new Adam(base.train().lr()),
                base.seed());
        MlpTrainingStep step = dl4jFit ? null : MlpTrainingStep.forNetwork(net);
        List<DataSet> data = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            data.add(WorkerShard.toDataSet(batch(i, rows)));
        }
        int[] next = {0};
        String name = (step != null ? "single-JVM training step, " : "single-JVM DL4J fit, ") + rows + " rows";
        double flop = rows * FlopCount.trainingPerRow(base.model(), base.data().dim());
        return measure(name, "ms", 1, 1e-3, flop, 20, Math.max(repeats, 30), () -> {
            DataSet batch = data.get(next[0]++ % data.size());
            long t0 = System.nanoTime();
            if (step != null) {
                step.fit(batch);
            } else {
                net.fit(batch);
            }
            return (System.nanoTime() - t0) / 1e6;
        });
    }

    /** Drawing one global batch of noised ring samples (the per-step data cost, on one core). */
    public Measurement dataGeneration() {
        int rows = base.train().batchSize();
        long[] step = {0};
        return measure("data generation, " + rows + " samples", "ms", 1, 1e-3, 0, 5, Math.max(repeats, 30), () -> {
            long t0 = System.nanoTime();
            WorkerShard.toDataSet(batch(step[0]++, rows));
            return (System.nanoTime() - t0) / 1e6;
        });
    }

    /**
     * Training throughput in samples/s of {@code mode} over {@code workers} workers of this session at the given
     * averaging frequency.
     */
    public TrainingMeasurement sparkTraining(SparkSession spark, TrainModeKind mode, int workers, int averaging) {
        RunConfig c = with(List.of(Settings.TRAIN_STEPS.override(steps), Settings.TRAIN_WORKERS.override(workers),
                Settings.TRAIN_AVERAGING_FREQUENCY.override(averaging), Settings.TRAIN_LOG_EVERY.override(steps)));
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int batch = c.train().batchSize();
        String name = String.format("%s %s, %d x %d rows, every %d", mode.configName(), spark.sparkContext().master(),
                workers, batch / workers, averaging);
        List<Double> waits = new ArrayList<>();
        // two warm-up runs: after one, local[2] still ran ~10% slower than after a local[1] case (JIT of the task path)
        Measurement throughput = measure(name, "samples/s", workers, 0, 0, 2, repeats, () -> {
            MultiLayerNetwork net = ScoreNetworkFactory.create(c.model(), c.data().dim(), new Adam(c.train().lr()),
                    c.seed());
            SparkTrainer trainer = new SparkTrainer(sc, c, mode);
            long t0 = System.nanoTime();
            trainer.train(net, 0, Optional.empty());
            double seconds = (System.nanoTime() - t0) / 1e9;
            trainer.lastRoundWaits().ifPresent(w -> waits.add(w.waitMillisPerRound()));
            return (double) steps * batch / seconds;
        });
        // the timed runs' waits: the last `repeats` of the list (the warm-ups came first)
        double[] timed = waits.subList(Math.max(0, waits.size() - repeats), waits.size()).stream()
                .mapToDouble(Double::doubleValue).toArray();
        return new TrainingMeasurement(throughput, timed.length == 0 ? Optional.empty()
                : Optional.of(new Measurement(name + ": wait per round", "ms", workers, timed, 0, 1e-3)));
    }

    /** A training case's throughput, and for modes that measure it, the workers' wait per averaging round. */
    public record TrainingMeasurement(Measurement throughput, Optional<Measurement> roundWait) {
    }

    /** The distributed sampling job for sample.count points (written to a scratch folder, then deleted). */
    public Measurement sparkSampling(SparkSession spark) {
        RunConfig c = base;
        MultiLayerNetwork net = ScoreNetworkFactory.create(c.model(), c.data().dim(), new Adam(c.train().lr()),
                c.seed());
        // a few-step method spends sample.steps network evaluations, the others one per step of the sde.T / dt grid
        int steps = c.sample().method().fewStep() ? c.sample().fewStep().steps() : c.sampleSteps();
        double work = c.sample().count() * (double) steps * FlopCount.forwardPerRow(c.model(), c.data().dim());
        String name = String.format("sampling %d points x %d steps (%s), %s", c.sample().count(), steps,
                c.sample().method().configName(), spark.sparkContext().master());
        return measure(name, "s", spark.sparkContext().defaultParallelism(), 1, work, 1, repeats, () -> {
            try {
                File dir = Files.createTempDirectory("nd-bench").toFile();
                try {
                    long t0 = System.nanoTime();
                    new SparkSampler(spark, c).sampleTo(net, new File(dir, "samples").toURI().toString());
                    return (System.nanoTime() - t0) / 1e9;
                } finally {
                    org.apache.commons.io.FileUtils.deleteDirectory(dir);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private RunConfig with(List<String> overrides) {
        List<String> all = new ArrayList<>();
        base.asFlatMap().forEach((k, v) -> all.add(k + "=" + v));
        all.addAll(overrides);
        return ConfigLoader.load(null, all);
    }

    /** Training throughput expressed as milliseconds per global step of train.batchSize samples. */
    public double msPerStep(Measurement samplesPerSecond) {
        return base.train().batchSize() / samplesPerSecond.median() * 1e3;
    }

    /** Training GFLOP/s at a throughput in samples/s. */
    public double trainingGflops(double samplesPerSecond) {
        return samplesPerSecond * FlopCount.trainingPerRow(base.model(), base.data().dim()) / 1e9;
    }
}
