package nanodiffusion.train;

/** Asked by a trainer after every averaging round whether to stop there, before train.steps. */
@FunctionalInterface
public interface StopRule {
    boolean stopAt(long step, LossHistory history);

    static StopRule never() {
        return (step, history) -> false;
    }
}
