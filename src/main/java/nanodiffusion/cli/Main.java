package nanodiffusion.cli;

import nanodiffusion.config.ConfigError;
import nanodiffusion.hardware.BlasCore;
import nanodiffusion.io.OneLine;
import nanodiffusion.io.Storage;
import nanodiffusion.pipeline.SessionFailure;
import nanodiffusion.pipeline.UserError;
import nanodiffusion.pipeline.WorkFailed;
import nanodiffusion.table.BadTable;
import nanodiffusion.stall.Stalled;
import nanodiffusion.train.TrainingDiverged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Entry point: parses the command line and hands off to a command; errors become one line and an exit status. */
@Command(name = "nano-diffusion", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train a score-based diffusion model (the ring in any dimension, the 2D toy suite, or your own table) "
                + "on Spark, sample it, evaluate it.",
        subcommands = {Commands.Train.class, Commands.Sample.class, Commands.Evaluate.class, Commands.Run.class,
                ConfigCommand.class, BenchCommand.class, SweepCommand.class, DemoTableCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 done, 1 failed while running, 2 bad input (settings, paths, existing outputs), "
                + "3 out of a resource (disk full, Java heap or native memory)."})
public final class Main implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int OUT_OF_RESOURCES = 3;
    /** The command users typed to start the program (the launch script sets it), for usage lines and errors. */
    static final String COMMAND_PROPERTY = "nanodiffusion.command";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<String> names = new ArrayList<>(spec.subcommands().keySet());
        names.remove("help");
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", names));
    }

    public static void main(String[] args) {
        BlasCore.prepareSilently(); // before anything loads ND4J's OpenBLAS; logged once a command runs
        if (System.getProperty("spark.yarn.app.id") == null) {
            System.exit(execute(System.err, args));
        }
        runInApplicationMaster(args);
    }

    /**
     * YARN cluster mode (the application master sets spark.yarn.app.id): main runs in a thread of the AM, which reports
     * SUCCEEDED when main returns and FAILED, with the exception as the diagnostics, when it throws; System.exit would
     * end every command FAILED ("Shutdown hook called before final status was reported").
     */
    private static void runInApplicationMaster(String[] args) {
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        int status = execute(new PrintStream(error, true, StandardCharsets.UTF_8), args);
        String line = error.toString(StandardCharsets.UTF_8).strip();
        if (!line.isEmpty()) {
            System.err.println(line);
        }
        if (status != 0) {
            throw new CommandFailed(status, OneLine.of(line));
        }
    }

    /** Runs one command line; errors go to {@code err} as a single line. Returns the exit status. */
    public static int execute(PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCommandName(System.getProperty(COMMAND_PROPERTY, "nano-diffusion"));
        cli.setUsageHelpWidth(110); // examples stay one line each
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + e.getMessage() + " (see " + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> report(err, e));
        try {
            return cli.execute(args);
        } catch (Error e) { // the JVM's own kind (FSError, OutOfMemoryError), which picocli lets through
            return reportResource(err, e).orElseThrow(() -> e);
        }
    }

    /** A disk, heap or native-memory failure anywhere in {@code e}'s causes as one line; its exit status. */
    private static Optional<Integer> reportResource(PrintStream err, Throwable e) {
        return ResourceFailure.of(e).map(resource -> {
            LOG.error("out of a resource", e);
            err.println("error: " + resource.message());
            return OUT_OF_RESOURCES;
        });
    }

    private static int report(PrintStream err, Exception e) {
        if (e instanceof ConfigError || e instanceof UserError || e instanceof BadTable
                || e instanceof nanodiffusion.io.RunFolder.Refused) {
            err.println("error: " + OneLine.of(e.getMessage()));
            return BAD_INPUT;
        }
        if (e instanceof Storage.StorageError || e instanceof TrainingDiverged || e instanceof Stalled
                || e instanceof WorkFailed) {
            err.println("error: " + OneLine.of(e.getMessage()));
            return FAILED;
        }
        Optional<Integer> resource = reportResource(err, e);
        if (resource.isPresent()) {
            return resource.get();
        }
        SessionFailure session = e instanceof SessionFailure s ? s
                : stoppedContext(e) ? SessionFailure.classify(e, System.getProperty("spark.master")) : null;
        if (session != null) {
            LOG.error("Spark session failed", e);
            err.println("error: " + session.getMessage());
            return session.reason().isResource() ? OUT_OF_RESOURCES : FAILED;
        }
        LOG.error("unexpected failure", e);
        err.println("error: " + e.getClass().getSimpleName() + ": " + OneLine.of(e.getMessage())
                + " (stack trace in the log above)");
        return FAILED;
    }

    /** A failure that comes of using a SparkContext that Spark itself stopped (its master refused or was lost). */
    private static boolean stoppedContext(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (String.valueOf(c.getMessage()).contains("stopped SparkContext")) {
                return true;
            }
        }
        return false;
    }

    /** Prints the application and stack versions. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var v = nanodiffusion.io.BuildInfo.versions(org.apache.spark.package$.MODULE$.SPARK_VERSION());
            return new String[] {"nano-diffusion " + v.get("app") + " (Spark " + v.get("spark") + ", DL4J "
                    + v.get("dl4j") + ", Java " + v.get("java") + ", commit " + nanodiffusion.io.BuildInfo.gitCommit() + ")"};
        }
    }
}
