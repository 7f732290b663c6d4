package nanodiffusion.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A process a test starts: its output (and its error stream, unless the builder sends that elsewhere) goes to a file,
 * not a pipe, so nothing has to be drained before {@link #await} can wait with a real timeout; on timeout the process
 * and every process it started are killed and the test fails with the output so far. {@link #close()} ends whatever
 * of it still runs and deletes the output file when this object chose it.
 */
public final class ChildProcess implements AutoCloseable {
    /** How long {@link #close()} lets the process tree end on SIGTERM before SIGKILL. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    /** How often {@link #awaitEvent} looks again: a poll of a file, not a wait for time to pass. */
    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final Path output;
    private final boolean ownsOutput;
    private final String name;

    private ChildProcess(Process process, Path output, boolean ownsOutput, String name) {
        this.process = process;
        this.output = output;
        this.ownsOutput = ownsOutput;
        this.name = name;
    }

    /** Starts {@code pb} with its output appended to {@code output} (a file in the test's own folder). */
    public static ChildProcess start(ProcessBuilder pb, Path output) throws IOException {
        return start(pb, output, false);
    }

    /** Starts {@code pb} with its output in a temp file that {@link #close()} deletes. */
    public static ChildProcess start(ProcessBuilder pb) throws IOException {
        return start(pb, Files.createTempFile("nd-child", ".log"), true);
    }

    private static ChildProcess start(ProcessBuilder pb, Path output, boolean ownsOutput) throws IOException {
        if (pb.redirectError() == ProcessBuilder.Redirect.PIPE) { // nobody reads a pipe: merge it into the file
            pb.redirectErrorStream(true);
        }
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        try {
            return new ChildProcess(pb.start(), output, ownsOutput, String.join(" ", pb.command()));
        } catch (IOException | RuntimeException e) {
            if (ownsOutput) {
                Files.deleteIfExists(output);
            }
            throw e;
        }
    }

    /**
     * Puts the scratch of every JVM the child starts under {@code folder}: java.io.tmpdir (JAVA_TOOL_OPTIONS, which
     * every JVM reads, the child's children included) and Spark's local dirs (SPARK_LOCAL_DIRS, which Spark prefers
     * to spark.local.dir); so a child killed by a test leaves nothing outside the folder the test deletes.
     */
    public static void scratchIn(Map<String, String> env, Path folder) throws IOException {
        env.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + Files.createDirectories(folder.resolve("tmp")));
        env.put("SPARK_LOCAL_DIRS", Files.createDirectories(folder.resolve("spark-local")).toString());
    }

    /** Runs a bash command in {@code directory} and returns its standard output; fails on a non-zero exit. */
    public static String bash(Path directory, String command, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT); // only what it prints to stdout is the answer
        try (ChildProcess p = start(pb)) {
            int status = p.await(timeout);
            if (status != 0) {
                throw new IOException("'" + command + "' exited with " + status + ":\n" + p.output());
            }
            return p.output();
        }
    }

    /** Writes {@code text} to the process's standard input and closes it. */
    public ChildProcess input(String text) throws IOException {
        try (var in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** What the process has written so far. */
    public String output() throws IOException {
        // decoded leniently: the last character may be half written
        return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the process to end; its exit status. After {@code timeout} it and its descendants are killed and an
     * AssertionError carries the output so far.
     */
    public int await(Duration timeout) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("did not finish within " + timeout + ", killed: " + name + "\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted waiting for " + name, e);
        }
        return process.exitValue();
    }

    /** Waits for the process to end with exit status 0; its output. Otherwise fails with the output. */
    public String awaitSuccess(Duration timeout) throws IOException {
        int status = await(timeout);
        String out = output();
        if (status != 0) {
            throw new AssertionError("exit " + status + ": " + name + "\n" + out);
        }
        return out;
    }

    /** Waits until the process has written a line containing {@code text}. */
    public void awaitOutput(String text, Duration timeout) throws Exception {
        awaitEvent(() -> output().contains(text), "'" + text + "' in its output", timeout);
    }

    /**
     * Waits, while the process runs, until {@code event} holds (a line in a log, a file). Fails with the output if the
     * process ends first or the event has not happened within {@code timeout}; the process is left running then, for
     * {@link #close()}.
     */
    public void awaitEvent(Callable<Boolean> event, String what, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!event.call()) {
            if (!process.isAlive()) {
                // a last look: the event may have happened just before the end
                if (event.call()) {
                    return;
                }
                throw new AssertionError("ended (exit " + process.exitValue() + ") before " + what + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + ":\n" + output());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Kills the process and its descendants at once (SIGKILL), as a lost machine would, and waits for them. */
    public void kill() {
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitExit(tree);
    }

    /** Ends what still runs (SIGTERM to the tree, SIGKILL after a grace period); deletes the output file if owned. */
    @Override
    public void close() throws IOException {
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        awaitExit(tree);
        if (ownsOutput) {
            Files.deleteIfExists(output);
        }
    }

    /** The process's descendants (a launcher script's JVM, a worker's executors), then the process itself. */
    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        return tree;
    }

    private static void awaitExit(List<ProcessHandle> handles) {
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a SIGKILLed process that has not gone in 30 s is the kernel's business; nothing more to do here
            }
        }
    }
}
