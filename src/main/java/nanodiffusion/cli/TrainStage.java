package nanodiffusion.cli;

import nanodiffusion.config.TrainConfig;
import nanodiffusion.eval.Charts;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.ScoreNetworkFactory;
import nanodiffusion.train.LearningRate;
import nanodiffusion.train.LossHistory;
import nanodiffusion.train.ScheduledLearningRate;
import nanodiffusion.train.SparkTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** train: fits the score network with parameter averaging, saves it, its loss history and loss curve. */
final class TrainStage {
    private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);
    /** The reference reports the final loss as the mean over the last 1000 steps. */
    static final int FINAL_LOSS_WINDOW = 1000;

    private TrainStage() {
    }

    static void preflight(RunContext ctx) {
        ctx.requireFreeOrOverwrite(ctx.layout.model());
    }

    static void run(RunContext ctx) {
        preflight(ctx);
        long start = System.nanoTime();
        TrainConfig tc = ctx.config.train();
        LearningRate lr = new LearningRate(tc.lr(), tc.lrSchedule(), tc.steps());
        MultiLayerNetwork network = ScoreNetworkFactory.create(ctx.config.model(),
                new Adam(ScheduledLearningRate.of(lr)), ctx.config.seed());
        Optional<ExponentialAverage> ema = tc.hasEma()
                ? Optional.of(new ExponentialAverage(tc.emaDecay(), network.params())) : Optional.empty();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(ctx.spark.sparkContext());
        LossHistory history = new SparkTrainer(sc, ctx.config).train(network, 0, ema);
        double seconds = (System.nanoTime() - start) / 1e9;

        new ModelStore(ctx.storage).save(network, ema.map(ExponentialAverage::value), ctx.layout.model());
        ctx.storage.writeText(ctx.layout.lossCsv(), history.toCsv());
        Plots.write(ctx.storage, ctx.layout.plot("loss"), Charts.lossCurve(
                history.points().stream().mapToLong(LossHistory.Point::step).toArray(),
                history.points().stream().mapToDouble(LossHistory.Point::loss).toArray()));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("steps", ctx.config.train().steps());
        result.put("workers", ctx.config.train().resolveWorkers(sc.defaultParallelism()));
        result.put("final_loss", history.meanOfLast(FINAL_LOSS_WINDOW));
        result.put("parameters", network.numParams());
        result.put("seconds", seconds);
        result.put("samples_per_second", (double) ctx.config.train().steps() * ctx.config.train().batchSize() / seconds);
        ctx.record("train", result);
        LOG.info("trained {} steps in {}s; final loss (mean of last {} steps) {}; model in {}",
                ctx.config.train().steps(), String.format("%.1f", seconds), FINAL_LOSS_WINDOW,
                String.format("%.4f", history.meanOfLast(FINAL_LOSS_WINDOW)), ctx.layout.model());
    }
}
