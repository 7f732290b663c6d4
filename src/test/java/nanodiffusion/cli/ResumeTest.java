package nanodiffusion.cli;

import nanodiffusion.config.DataConfig;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.WeightsKind;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.TrainedWith;
import nanodiffusion.testing.CliSparkProperties;
import nanodiffusion.testing.LocalSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints and train --resume through the CLI, in-process on local[2]. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeTest {
    private File dir;
    private CliSparkProperties sparkProperties;
    private File straightRun;

    @BeforeAll
    void setUp() {
        dir = LocalSpark.tempFolder("nd-resume").toFile();
        sparkProperties = new CliSparkProperties();
    }

    @AfterAll
    void tearDown() {
        sparkProperties.close();
        LocalSpark.deleteRecursively(dir.toPath());
    }

    private static EndToEndRunTest.Result train(File out, int steps, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", out.toString(),
                "--set", "train.steps=" + steps, "--set", "train.batchSize=1000", "--set", "train.checkpointEvery=50",
                "--set", "train.logEvery=50", "--set", "model.width=32"));
        args.addAll(List.of(more));
        return EndToEndRunTest.cli(args.toArray(String[]::new));
    }

    private static MultiLayerNetwork model(File out, WeightsKind weights) {
        return new ModelStore(new Storage(new Configuration())).load(new Path(new File(out, "model").toURI()), weights,
                TrainedWith.of(ConfigLoader.load(null, List.of("model.width=32")))); // as train() trains it
    }

    /** An uninterrupted 200-step run, trained once for the tests that compare against it. */
    private File straight() {
        if (straightRun == null) {
            straightRun = new File(dir, "straight");
            assertEquals(0, train(straightRun, 200).status());
        }
        return straightRun;
    }

    @Test
    void resumedTrainingMatchesUninterruptedTraining() throws Exception {
        File straight = straight();

        // a run that stopped after its step-50 checkpoint: train to 100, then lose the model and the step-100
        // checkpoint of the run's end (as a crash before it would)
        File interrupted = new File(dir, "interrupted");
        assertEquals(0, train(interrupted, 100).status());
        assertTrue(new File(interrupted, "checkpoints/step-000000050/_COMPLETE").isFile());
        LocalSpark.deleteRecursively(new File(interrupted, "model").toPath());
        LocalSpark.deleteRecursively(new File(interrupted, "checkpoints/step-000000100").toPath());
        EndToEndRunTest.Result resumed = train(interrupted, 200, "--resume");
        assertEquals(0, resumed.status(), resumed.stderr());

        // batches are drawn from (seed, step, worker) streams and the Adam state, iteration count and EMA travel in
        // the checkpoint, so resuming reproduces the uninterrupted run exactly
        assertEquals(model(straight, WeightsKind.RAW).params(), model(interrupted, WeightsKind.RAW).params());
        assertEquals(model(straight, WeightsKind.EMA).params(), model(interrupted, WeightsKind.EMA).params());
        List<String> a = Files.readAllLines(new File(straight, "loss.csv").toPath());
        List<String> b = Files.readAllLines(new File(interrupted, "loss.csv").toPath());
        assertEquals(a.size(), b.size());
        for (int i = 1; i < a.size(); i++) {
            assertEquals(a.get(i).split(",")[1], b.get(i).split(",")[1], "loss at row " + i);
        }
        // pruned to train.keepCheckpoints = 2: steps 150 and 200 (the end) remain
        assertEquals(List.of("step-000000150", "step-000000200"),
                List.of(new File(interrupted, "checkpoints").list()).stream().sorted().toList());
    }

    @Test
    void resumedTrainingFollowsTheLearningRateSettingsItIsResumedWith() throws Exception {
        // the rate steps down at step 100; before it the factor does not matter, so a run trained to step 100 (its
        // last checkpoint) with one factor and resumed with another must equal a run that had the second all along
        String[] decay = {"--set", "train.lrSchedule=step", "--set", "train.lrStepEvery=100"};
        File straight = new File(dir, "straight-tenth");
        assertEquals(0, train(straight, 200, concat(decay, "--set", "train.lrStepFactor=0.1")).status());
        File changed = new File(dir, "changed-factor");
        assertEquals(0, train(changed, 100, concat(decay, "--set", "train.lrStepFactor=0.9")).status());
        LocalSpark.deleteRecursively(new File(changed, "model").toPath());
        EndToEndRunTest.Result resumed = train(changed, 200,
                concat(decay, "--resume", "--set", "train.lrStepFactor=0.1"));
        assertEquals(0, resumed.status(), resumed.stderr());

        assertEquals(model(straight, WeightsKind.RAW).params(), model(changed, WeightsKind.RAW).params(),
                "the resumed run took the factor it was resumed with, not the checkpoint's");
    }

    private static String[] concat(String[] first, String... more) {
        return java.util.stream.Stream.concat(Arrays.stream(first), Arrays.stream(more)).toArray(String[]::new);
    }

    @Test
    void aDamagedNewestCheckpointFallsBackToTheOlderOneAndSaysSo() throws Exception {
        File straight = straight();
        File damaged = new File(dir, "damaged");
        assertEquals(0, train(damaged, 150).status()); // the newest two checkpoints: steps 100 and 150 (the end)
        LocalSpark.deleteRecursively(new File(damaged, "model").toPath());
        Files.writeString(new File(damaged, "checkpoints/step-000000150/network.zip").toPath(), "garbage");
        EndToEndRunTest.Result resumed = train(damaged, 200, "--resume");
        assertEquals(0, resumed.status(), resumed.stderr());
        com.fasterxml.jackson.databind.JsonNode run = OverwriteTest.runJson(damaged).get("train");
        assertEquals(100, run.get("resumed_from_step").asLong(), "the intact step-100 checkpoint");
        assertTrue(run.get("resume_skipped").get(0).asText().contains("step-000000150"), run.toString());
        // resuming from step 100 reproduces the uninterrupted run exactly (as above)
        assertEquals(model(straight, WeightsKind.RAW).params(), model(damaged, WeightsKind.RAW).params());
    }

    @Test
    void aFinishedRunExtendedWithResumeContinuesFromItsLastStep() throws Exception {
        File straight = straight();
        // 120 steps is off the 50-step checkpoint period: the run's end still leaves a checkpoint
        File finished = new File(dir, "finished");
        assertEquals(0, train(finished, 120).status());
        assertTrue(new File(finished, "checkpoints/step-000000120/_COMPLETE").isFile());
        // a run stopped between its last checkpoint and its model: resuming trains no step and writes the model
        MultiLayerNetwork written = model(finished, WeightsKind.EMA);
        LocalSpark.deleteRecursively(new File(finished, "model").toPath());
        EndToEndRunTest.Result same = train(finished, 120, "--resume");
        assertEquals(0, same.status(), same.stderr());
        assertEquals(written.params(), model(finished, WeightsKind.EMA).params());
        com.fasterxml.jackson.databind.JsonNode noSteps = OverwriteTest.runJson(finished).get("train");
        assertEquals(120, noSteps.get("resumed_from_step").asLong());
        assertFalse(noSteps.has("samples_per_second"), "no rate measured over no steps: " + noSteps);
        assertFalse(noSteps.has("training_rate"), noSteps.toString());
        EndToEndRunTest.Result shorter = train(finished, 100, "--resume", "--overwrite");
        assertEquals(Main.BAD_INPUT, shorter.status());
        assertTrue(shorter.stderr().contains("is at step 120, past train.steps = 100"), shorter.stderr());
        assertTrue(new File(finished, "model/_COMPLETE").isFile(), "the refused resume left the model as it was");

        EndToEndRunTest.Result extended = train(finished, 200, "--resume", "--overwrite");
        assertEquals(0, extended.status(), extended.stderr());
        com.fasterxml.jackson.databind.JsonNode run = OverwriteTest.runJson(finished).get("train");
        assertEquals(120, run.get("resumed_from_step").asLong(), "no step of the finished run redone");
        // and the extended run ends bit for bit where a 200-step run does
        assertEquals(model(straight, WeightsKind.RAW).params(), model(finished, WeightsKind.RAW).params());
        assertEquals(model(straight, WeightsKind.EMA).params(), model(finished, WeightsKind.EMA).params());
    }

    @Test
    void resumeWithADifferentModelIsRefusedNamingTheKeys() {
        File out = new File(dir, "mismatch");
        assertEquals(0, train(out, 100).status());
        LocalSpark.deleteRecursively(new File(out, "model").toPath());
        EndToEndRunTest.Result r = train(out, 200, "--resume", "--set", "model.width=16", "--set", "seed=3");
        assertEquals(Main.BAD_INPUT, r.status());
        assertTrue(r.stderr().contains("model.width (checkpoint 32, now 16)"), r.stderr());
        assertTrue(r.stderr().contains("seed (checkpoint 0, now 3)"), r.stderr());
        assertFalse(new File(out, "model").exists());
    }

    @Test
    void divergingTrainingStopsWithOneLineNamingTheStepAndTheLastCheckpoint() {
        File out = new File(dir, "diverge");
        // Adam at lr 50 throws the weights far off within the first round: the loss leaves any sane range
        EndToEndRunTest.Result r = train(out, 400, "--set", "train.lr=50", "--set", "train.checkpointEvery=10");
        assertEquals(Main.FAILED, r.status(), r.stderr());
        String message = r.stderr().strip();
        assertEquals(1, message.lines().count(), message);
        // diverged in the first round, before any checkpoint: nothing to resume, so resume is not advised
        assertTrue(message.matches("error: training diverged: loss = \\S+ at step 10; no checkpoint was written before it "
                + "\\(lower train.lr and train again\\)"), message);
        assertFalse(new File(out, "model").exists(), "no model from a diverged run");
        assertFalse(new File(out, "checkpoints/step-000000010").exists(), "no checkpoint of the diverged round");
    }

    @Test
    void freshTrainRefusesToClobberCheckpointsAndResumeNeedsOne() {
        File out = new File(dir, "clobber");
        assertEquals(0, train(out, 60).status());
        LocalSpark.deleteRecursively(new File(out, "model").toPath());
        EndToEndRunTest.Result again = train(out, 60);
        assertEquals(Main.BAD_INPUT, again.status());
        assertTrue(again.stderr().contains("pass --resume"), again.stderr());

        EndToEndRunTest.Result nothing = train(new File(dir, "empty"), 60, "--resume");
        assertEquals(Main.BAD_INPUT, nothing.status());
        assertTrue(nothing.stderr().contains("no complete checkpoint"), nothing.stderr());
    }
}
