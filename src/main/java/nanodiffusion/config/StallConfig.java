package nanodiffusion.config;

import static nanodiffusion.config.Settings.STALL_EXECUTOR_SECONDS;
import static nanodiffusion.config.Settings.STALL_FACTOR;
import static nanodiffusion.config.Settings.STALL_FIRST_SECONDS;
import static nanodiffusion.config.Settings.STALL_STOP_FACTOR;

/**
 * When a run that makes no progress says so, and when it gives up: no training round (sampling block, likelihood
 * block) finishing within {@code factor} times the slowest one so far (before the first, {@code firstSeconds}) is
 * logged with what it waits on; after {@code stopFactor} times that bound the run stops with an error, its
 * checkpoints kept. Training waits at most {@code executorSeconds} for the executors to grant its workers' task slots.
 */
public record StallConfig(double firstSeconds, double factor, double stopFactor, double executorSeconds)
        implements java.io.Serializable {
    public StallConfig {
        ConfigError.require(firstSeconds > 0 && Double.isFinite(firstSeconds), STALL_FIRST_SECONDS, firstSeconds,
                "must be a finite number > 0");
        ConfigError.require(factor >= 2 && Double.isFinite(factor), STALL_FACTOR, factor, "must be a finite number >= 2");
        ConfigError.require(stopFactor > 1 && Double.isFinite(stopFactor), STALL_STOP_FACTOR, stopFactor,
                "must be a finite number > 1");
        ConfigError.require(executorSeconds > 0 && Double.isFinite(executorSeconds), STALL_EXECUTOR_SECONDS,
                executorSeconds, "must be a finite number > 0");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static StallConfig read(SettingSource s) {
        return new StallConfig(s.get(STALL_FIRST_SECONDS), s.get(STALL_FACTOR), s.get(STALL_STOP_FACTOR),
                s.get(STALL_EXECUTOR_SECONDS));
    }
}
