package nanodiffusion.sweep;

import java.util.List;

/**
 * The learning-rate scaling rule for large batches, lr = base * (batchSize / baseBatch)^p, swept over the powers p
 * (0 keeps lr, 0.5 is square-root scaling, 1 is linear scaling).
 */
public record LrScaling(double base, int baseBatch, List<Double> powers) {
    /** The leaderboard column and trial key of the power p. */
    public static final String POWER_KEY = "lrScaling.power";

    public LrScaling {
        powers = List.copyOf(powers);
    }

    public double lr(int batchSize, double power) {
        return base * Math.pow((double) batchSize / baseBatch, power);
    }
}
