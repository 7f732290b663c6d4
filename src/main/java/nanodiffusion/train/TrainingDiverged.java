package nanodiffusion.train;

/** The loss became NaN, infinite or exploded (above {@link TrainingRounds#DIVERGED_LOSS}). */
public final class TrainingDiverged extends RuntimeException {
    private final long step;
    private final double loss;

    public TrainingDiverged(long step, double loss) {
        this(step, loss, "lower train.lr or check the data settings");
    }

    private TrainingDiverged(long step, double loss, String advice) {
        super("training diverged: loss = " + loss + " at step " + step + "; " + advice);
        this.step = step;
        this.loss = loss;
    }

    /** The same failure, naming what the user can restart from. */
    public TrainingDiverged withAdvice(String advice) {
        return new TrainingDiverged(step, loss, advice);
    }
}
