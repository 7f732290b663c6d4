package nanodiffusion.pipeline;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import nanodiffusion.io.RunLayout;
import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunContextTest {
    @Test
    void aRunIsAdvisedToResumeAndASweepTrialToRunItsSweepAgain() {
        RunConfig config = ConfigLoader.load(null, List.of()); // before the folder: a bad config leaves nothing
        Path dir = LocalSpark.tempFolder("nd-context");
        try (LocalSpark spark = new LocalSpark();
             RunContext run = RunContext.inSession(spark.session(), config, RunLayout.of(dir.resolve("run").toString()),
                     "train", "run train --resume to continue from it", null);
             RunContext sameFolder = run.sharing(config, run.layout, true); // a table run's resolved columns
             RunContext trial = run.sharing(config, RunLayout.of(dir.resolve("run/trials/t000").toString()), true)) {
            assertEquals("run train --resume to continue from it", run.resumeAdvice());
            assertEquals(run.resumeAdvice(), sameFolder.resumeAdvice());
            assertEquals("run the same sweep command again: it resumes this trial from it", trial.resumeAdvice());
            assertTrue(Files.isRegularFile(dir.resolve("run/_LOCK")), "the run holds its folder");
            assertTrue(Files.isRegularFile(dir.resolve("run/trials/t000/_LOCK")), "the trial holds its own");
        } finally {
            assertFalse(Files.exists(dir.resolve("run/_LOCK")), "released on close");
            LocalSpark.deleteRecursively(dir);
        }
    }
}
