package nanodiffusion.config;

import static nanodiffusion.config.Settings.TRAIN_LR_MIN;
import static nanodiffusion.config.Settings.TRAIN_LR_SCHEDULE;
import static nanodiffusion.config.Settings.TRAIN_LR_STEP_EVERY;
import static nanodiffusion.config.Settings.TRAIN_LR_STEP_FACTOR;
import static nanodiffusion.config.Settings.TRAIN_WARMUP_STEPS;

/**
 * Learning-rate schedule: linear warm-up from 0 over {@code warmupSteps}, then {@code kind}; {@code min} is the
 * cosine's final value, {@code stepEvery} and {@code stepFactor} the step decay's period and factor.
 */
public record LrScheduleConfig(LrScheduleKind kind, double min, int warmupSteps, int stepEvery, double stepFactor)
        implements java.io.Serializable {
    public static final LrScheduleConfig CONSTANT = new LrScheduleConfig(LrScheduleKind.CONSTANT, 0, 0, 1, 1);

    public LrScheduleConfig {
        ConfigError.require(min >= 0 && Double.isFinite(min), TRAIN_LR_MIN, min, "must be a finite number >= 0");
        ConfigError.require(warmupSteps >= 0, TRAIN_WARMUP_STEPS, warmupSteps, "must be >= 0");
        ConfigError.require(stepEvery >= 1, TRAIN_LR_STEP_EVERY, stepEvery, "must be >= 1");
        ConfigError.require(stepFactor > 0 && stepFactor <= 1, TRAIN_LR_STEP_FACTOR, stepFactor, "must be in (0, 1]");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static LrScheduleConfig read(SettingSource s) {
        return new LrScheduleConfig(s.get(TRAIN_LR_SCHEDULE), s.get(TRAIN_LR_MIN), s.get(TRAIN_WARMUP_STEPS),
                s.get(TRAIN_LR_STEP_EVERY), s.get(TRAIN_LR_STEP_FACTOR));
    }
}
