package nanodiffusion.table;

/** The user's table cannot be learned as asked (missing, empty, wrong columns, invalid values); one line, exit 2. */
public final class BadTable extends RuntimeException {
    public BadTable(String message) {
        super(message);
    }
}
