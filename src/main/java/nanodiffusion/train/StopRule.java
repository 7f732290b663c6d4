package nanodiffusion.train;

/** Asked by a trainer after every averaging round whether to stop there, before train.steps. */
@FunctionalInterface
public interface StopRule {
    boolean stopAt(long step, LossHistory history);

    static StopRule never() {
        return (step, history) -> false;
    }

    /** Stops when this rule or {@code other} says so; {@code other} is only asked when this one says go on. */
    default StopRule or(StopRule other) {
        return (step, history) -> stopAt(step, history) || other.stopAt(step, history);
    }
}
