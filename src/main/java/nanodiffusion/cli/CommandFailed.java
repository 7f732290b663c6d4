package nanodiffusion.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command's failure thrown out of {@code main} in YARN cluster mode, where the driver is a thread of YARN's
 * application master: the AM reports the application FAILED with this exception's text as the ResourceManager's
 * diagnostics ("User class threw exception: nanodiffusion.cli.CommandFailed: exit status 2: error: ..."), from which
 * {@link YarnOutcome} gives the submitting user the command's own line and exit status back.
 */
public final class CommandFailed extends RuntimeException {
    private static final Pattern IN_TEXT = Pattern.compile(
            Pattern.quote(CommandFailed.class.getName()) + ": exit status (\\d+): (error: [^\\r\\n]*)");
    private final int status;
    private final String line;

    CommandFailed(int status, String line) {
        super("exit status " + status + ": " + line, null, false, false); // no stack: the line is the whole story
        this.status = status;
        this.line = line;
    }

    public int status() {
        return status;
    }

    /** The one line the command printed, "error: ...". */
    public String line() {
        return line;
    }

    /** The last such failure named in a text (a diagnostics message, a log tail), if any. */
    public static Optional<CommandFailed> in(String text) {
        Matcher m = IN_TEXT.matcher(text == null ? "" : text);
        CommandFailed last = null;
        while (m.find()) {
            last = new CommandFailed(Integer.parseInt(m.group(1)), m.group(2).strip());
        }
        return Optional.ofNullable(last);
    }
}
