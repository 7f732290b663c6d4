package nanodiffusion.stall;

/** A run stopped because nothing finished within its stall bound (see {@link StallWatch}), or its executors did not come. */
public class Stalled extends RuntimeException {
    public Stalled(String message) {
        super(message);
    }

    /** The same failure, naming what the user can restart from. */
    public Stalled withAdvice(String advice) {
        return new Stalled(getMessage() + "; " + advice);
    }
}
