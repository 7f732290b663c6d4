package nanodiffusion.pipeline;

/** The work ran and did not succeed (every trial of a sweep failed, say); printed as one line, exit status 1. */
public final class WorkFailed extends RuntimeException {
    public WorkFailed(String message) {
        super(message);
    }
}
