package nanodiffusion.cli;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandFailedTest {
    @Test
    void theLineAndStatusComeBackFromTheDiagnosticsYarnWrapsThemIn() {
        CommandFailed thrown = new CommandFailed(2, "error: train.steps = -5: must be >= 1");
        // what YARN's ResourceManager reports for an application master whose user class threw it (Spark 3.5)
        String diagnostics = "Application application_1_0003 failed 1 times due to AM Container exited with exitCode: 13\n"
                + "Failing this attempt.Diagnostics: [2026-12-05 18:14:26.903]Exception from container-launch.\n"
                + "User class threw exception: " + thrown + "\n\tat nanodiffusion.cli.Main.main(Main.java:57)\n";
        CommandFailed read = CommandFailed.in(diagnostics).orElseThrow();
        assertEquals(2, read.status());
        assertEquals("error: train.steps = -5: must be >= 1", read.line());
    }

    @Test
    void diagnosticsOfAFailureThatIsNotTheCommandsGiveNothing() {
        assertEquals(Optional.empty(), CommandFailed.in("Max number of executor failures (3) reached"));
        assertTrue(CommandFailed.in(null).isEmpty());
    }
}
