package nanodiffusion.config;

import java.util.OptionalInt;

import static nanodiffusion.config.Settings.TRAIN_AVERAGING_FREQUENCY;
import static nanodiffusion.config.Settings.TRAIN_BATCH_SIZE;
import static nanodiffusion.config.Settings.TRAIN_EMA_DECAY;
import static nanodiffusion.config.Settings.TRAIN_LOG_EVERY;
import static nanodiffusion.config.Settings.TRAIN_LR;
import static nanodiffusion.config.Settings.TRAIN_LR_MIN;
import static nanodiffusion.config.Settings.TRAIN_MODE;
import static nanodiffusion.config.Settings.TRAIN_STEPS;
import static nanodiffusion.config.Settings.TRAIN_T_SAMPLING;
import static nanodiffusion.config.Settings.TRAIN_WARMUP_STEPS;
import static nanodiffusion.config.Settings.TRAIN_WORKERS;

/**
 * Parameter-averaging training. One step consumes one global batch of {@code batchSize} fresh samples, split
 * equally over {@code workers}; parameters are averaged every {@code averagingFrequency} steps, by {@code mode}.
 * {@code workerCount} {@link #AUTO_WORKERS} means Spark's default parallelism. {@code emaDecay} is the per-step decay
 * of the exponential moving average of the parameters (0: none).
 */
public record TrainConfig(int steps, int batchSize, int workerCount, int averagingFrequency, TrainModeKind mode,
                          LossConfig loss, double lr,
                          LrScheduleConfig lrSchedule, double emaDecay, int logEvery, CheckpointConfig checkpoints,
                          TimeSamplingConfig tSampling)
        implements java.io.Serializable {
    /** train.workers = auto: as many workers as Spark's default parallelism. */
    public static final int AUTO_WORKERS = 0;

    public TrainConfig {
        ConfigError.require(steps >= 1, TRAIN_STEPS, steps, "must be >= 1");
        ConfigError.require(batchSize >= 1, TRAIN_BATCH_SIZE, batchSize, "must be >= 1");
        ConfigError.require(workerCount >= 1 || workerCount == AUTO_WORKERS, TRAIN_WORKERS, workerCount,
                "must be >= 1 or auto");
        ConfigError.require(workerCount == AUTO_WORKERS || batchSize % workerCount == 0, TRAIN_BATCH_SIZE, batchSize,
                "must be divisible by train.workers (" + workerCount + ") so every worker gets an equal shard");
        ConfigError.require(averagingFrequency >= 1, TRAIN_AVERAGING_FREQUENCY, averagingFrequency, "must be >= 1");
        ConfigError.require(mode != null, TRAIN_MODE, null, "must be set");
        ConfigError.require(loss.kind() == LossKind.DSM || mode == TrainModeKind.PARAMETER_AVERAGING, TRAIN_MODE,
                mode.configName(),
                "trains train.loss = dsm only (DL4J's own step has no sliced score matching); use "
                        + "train.mode = parameter-averaging");
        ConfigError.require(lr > 0 && Double.isFinite(lr), TRAIN_LR, lr, "must be a finite number > 0");
        ConfigError.require(lrSchedule.min() <= lr, TRAIN_LR_MIN, lrSchedule.min(), "must be <= train.lr (" + lr + ")");
        ConfigError.require(lrSchedule.warmupSteps() < steps, TRAIN_WARMUP_STEPS, lrSchedule.warmupSteps(),
                "must be < train.steps (" + steps + ")");
        ConfigError.require(emaDecay >= 0 && emaDecay < 1, TRAIN_EMA_DECAY, emaDecay, "must be in [0, 1) (0 disables)");
        ConfigError.require(logEvery >= 1, TRAIN_LOG_EVERY, logEvery, "must be >= 1");
        ConfigError.require(tSampling != null, TRAIN_T_SAMPLING, null, "must be set");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static TrainConfig read(SettingSource s) {
        return new TrainConfig(s.get(TRAIN_STEPS), s.get(TRAIN_BATCH_SIZE), s.get(TRAIN_WORKERS),
                s.get(TRAIN_AVERAGING_FREQUENCY), s.get(TRAIN_MODE), LossConfig.read(s), s.get(TRAIN_LR), LrScheduleConfig.read(s), s.get(TRAIN_EMA_DECAY),
                s.get(TRAIN_LOG_EVERY), CheckpointConfig.read(s), TimeSamplingConfig.read(s));
    }

    /** The workers asked for; empty for auto. */
    public OptionalInt workers() {
        return workerCount == AUTO_WORKERS ? OptionalInt.empty() : OptionalInt.of(workerCount);
    }

    public boolean hasEma() {
        return emaDecay > 0;
    }

    /** The number of workers once Spark's default parallelism is known; checks the batch still divides. */
    public int resolveWorkers(int defaultParallelism) {
        int w = workers().orElse(defaultParallelism);
        ConfigError.require(batchSize % w == 0, TRAIN_BATCH_SIZE, batchSize,
                "must be divisible by the number of workers (" + w
                        + (workers().isPresent() ? "" : ", Spark's default parallelism") + ")");
        return w;
    }
}
