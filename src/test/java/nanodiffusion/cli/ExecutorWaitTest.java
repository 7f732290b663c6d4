package nanodiffusion.cli;

import nanodiffusion.testing.CliSparkProperties;
import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training that is not granted one task slot per worker stops after stall.executorSeconds with one line naming what
 * it got and what to change, not a stack trace and not a wait without end (local[2] grants 2 slots; 3 are asked).
 */
class ExecutorWaitTest {
    @Test
    void trainingThatIsNotGrantedItsTaskSlotsStopsWithOneLineAfterTheWait() {
        Path dir = LocalSpark.tempFolder("nd-executor-wait");
        try (CliSparkProperties ignored = new CliSparkProperties()) {
            Path out = dir.resolve("run");
            EndToEndRunTest.Result r = EndToEndRunTest.cli("train", "--out", out.toString(), "--set", "train.workers=3",
                    "--set", "train.batchSize=300", "--set", "train.steps=20", "--set", "stall.executorSeconds=2");
            assertEquals(Main.FAILED, r.status(), r.stderr());
            String line = r.stderr().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(r.stderr());
            assertTrue(line.contains("parameter averaging over 3 workers needs 3 task slots at once; the executors "
                    + "granted 2 within 2 s (stall.executorSeconds; lower train.workers"), line);
            assertFalse(r.stderr().contains("Exception"), r.stderr());
            assertFalse(out.resolve("model").toFile().exists(), "no model from a run that never trained");
        } finally {
            LocalSpark.deleteRecursively(dir);
        }
    }
}
