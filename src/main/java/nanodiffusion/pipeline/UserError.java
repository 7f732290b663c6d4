package nanodiffusion.pipeline;

/** Something the user can fix (a path, a missing prerequisite); printed as one line, exit status 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
