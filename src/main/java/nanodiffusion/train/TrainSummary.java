package nanodiffusion.train;

/**
 * What a finished training run reports: the step reached, the final loss (mean over the last
 * {@link #FINAL_LOSS_WINDOW} steps, as the reference reports it), wall seconds and samples per second - NaN when it
 * trained no step (a resume of a run whose steps were all done): it measured no rate, and 0 would read as one.
 */
public record TrainSummary(long steps, double finalLoss, double seconds, double samplesPerSecond) {
    public static final int FINAL_LOSS_WINDOW = 1000;

    /** The summary of {@code history} after training steps {@code startStep}..{@code steps} of {@code batchSize}. */
    public static TrainSummary of(LossHistory history, long startStep, long steps, int batchSize, double seconds) {
        return new TrainSummary(steps, history.meanOfLast(FINAL_LOSS_WINDOW), seconds,
                steps > startStep ? (double) (steps - startStep) * batchSize / seconds : Double.NaN);
    }

    /** How many steps the final loss averages: the window, or every step of a shorter run. */
    public long finalLossSteps() {
        return Math.min(FINAL_LOSS_WINDOW, steps);
    }
}
