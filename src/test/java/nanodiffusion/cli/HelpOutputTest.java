package nanodiffusion.cli;

import nanodiffusion.testing.ChildProcess;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees from --help and --version: the usage and nothing else, in a JVM of its own as the script starts one. */
class HelpOutputTest {
    /** Runs the entry point in a fresh JVM; returns its exit status and everything it printed. */
    static Result main(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + new File("conf/log4j2.properties").getAbsolutePath(),
                "-D" + Main.COMMAND_PROPERTY + "=submit/local.sh", "nanodiffusion.cli.Main"));
        cmd.addAll(List.of(args));
        try (ChildProcess p = ChildProcess.start(new ProcessBuilder(cmd))) {
            int status = p.await(Duration.ofSeconds(120));
            return new Result(status, p.output());
        }
    }

    record Result(int status, String output) {
    }

    @Test
    void helpAndVersionPrintNoLogLines() throws Exception {
        for (String[] args : new String[][] {{"--help"}, {"--version"}, {"train", "--help"}}) {
            Result r = main(args);
            assertEquals(0, r.status(), r.output());
            assertFalse(r.output().contains(" INFO "), String.join(" ", args) + " printed a log line:\n" + r.output());
        }
    }

    @Test
    void usageAndErrorsNameTheScriptUsersType() throws Exception {
        Result help = main("train", "--help");
        assertTrue(help.output().startsWith("Usage: submit/local.sh train"), help.output());
        assertTrue(help.output().contains("Examples:"), help.output());
        Result missing = main("train");
        assertEquals(Main.BAD_INPUT, missing.status());
        assertTrue(missing.output().contains("(see submit/local.sh train --help)"), missing.output());
        Result none = main();
        assertTrue(none.output().contains("demo-table"), "every command is named: " + none.output());
    }
}
