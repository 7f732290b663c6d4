package nanodiffusion.train;

import nanodiffusion.config.LrScheduleConfig;
import nanodiffusion.config.TrainConfig;

/**
 * The learning rate at a step: lr * (step + 1) / warmup during warm-up, then constant lr, or
 * cosine lrMin + (lr - lrMin) (1 + cos(pi p)) / 2 with p the fraction of post-warm-up steps done, or
 * lr * factor^floor((step - warmup) / every).
 */
public record LearningRate(double base, LrScheduleConfig schedule, int totalSteps) implements java.io.Serializable {
    /** The schedule train.lr, train.lrSchedule and the keys it names, and train.steps set. */
    public static LearningRate of(TrainConfig tc) {
        return new LearningRate(tc.lr(), tc.lrSchedule(), tc.steps());
    }

    public double at(long step) {
        int warmup = schedule.warmupSteps();
        if (step < warmup) {
            return base * (step + 1) / warmup;
        }
        long after = step - warmup;
        return switch (schedule.kind()) {
            case CONSTANT -> base;
            case COSINE -> {
                double p = Math.min(1.0, (double) after / Math.max(1, totalSteps - warmup - 1));
                yield schedule.min() + (base - schedule.min()) * 0.5 * (1 + Math.cos(Math.PI * p));
            }
            case STEP -> base * Math.pow(schedule.stepFactor(), after / schedule.stepEvery());
        };
    }
}
