package nanodiffusion.io;

/** Error messages as one line for a terminal or a table cell: library messages sometimes carry whole remote traces. */
public final class OneLine {
    static final int MAX_CHARS = 400;

    private OneLine() {
    }

    /** The first line of {@code message}, cut at {@value #MAX_CHARS} characters; "(no message)" for null. */
    public static String of(String message) {
        if (message == null) {
            return "(no message)";
        }
        String first = message.strip().lines().findFirst().orElse("");
        return first.length() > MAX_CHARS ? first.substring(0, MAX_CHARS) + "..." : first;
    }
}
