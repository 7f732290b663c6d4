package nanodiffusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.testing.CliTestFolder;
import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Running a stage again into a used folder: with --overwrite every output made from what it replaces is removed
 * (samples of the old model, metrics and figures of the old samples, their run.json sections), never kept beside
 * the new one; without it the command is refused naming the first such output, and nothing changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverwriteTest {
    /** A run of a few seconds: the outputs' presence is tested here, not their quality. */
    private static final List<String> TINY = List.of("--set", "train.steps=20", "--set", "train.batchSize=500",
            "--set", "train.logEvery=10", "--set", "train.checkpointEvery=0", "--set", "model.width=16",
            "--set", "sample.count=1000", "--set", "sample.batchSize=500", "--set", "sample.partitions=1",
            "--set", "eval.directions=16");

    @RegisterExtension
    static final CliTestFolder FOLDER = new CliTestFolder("nd-overwrite");

    private static void ok(String command, File out, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--out", out.toString()));
        args.addAll(TINY);
        args.addAll(List.of(more));
        EndToEndRunTest.Result r = EndToEndRunTest.cli(args.toArray(String[]::new));
        assertEquals(0, r.status(), command + " " + Arrays.toString(more) + ": " + r.stderr());
    }

    private static String refused(String command, File out) {
        List<String> args = new ArrayList<>(List.of(command, "--out", out.toString()));
        args.addAll(TINY);
        EndToEndRunTest.Result r = EndToEndRunTest.cli(args.toArray(String[]::new));
        assertEquals(Main.BAD_INPUT, r.status(), r.stderr());
        assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        return r.stderr().strip();
    }

    /** A folder after train, sample and evaluate. */
    private File fullRun(String name) {
        File out = FOLDER.dir().resolve(name).toFile();
        ok("run", out);
        for (String f : List.of("samples/_SUCCESS", "metrics.json", "plots/loss.png", "plots/samples.png")) {
            assertTrue(new File(out, f).exists(), f);
        }
        return out;
    }

    /** A run folder's run.json. */
    static JsonNode runJson(File out) throws IOException {
        return new ObjectMapper().readTree(new File(out, "run.json"));
    }

    private static List<String> plots(File out) {
        String[] names = new File(out, "plots").list();
        return names == null ? List.of() : Arrays.stream(names).sorted().toList();
    }

    @Test
    void trainOverwriteRemovesTheOldModelsSamplesMetricsFiguresAndRunJsonSections() throws IOException {
        File out = fullRun("retrained");
        ok("train", out, "--overwrite", "--set", "seed=7");
        assertFalse(new File(out, "samples").exists(), "samples of the old model");
        assertFalse(new File(out, "metrics.json").exists(), "metrics of the old model's samples");
        assertEquals(List.of("loss.png"), plots(out), "only the new loss curve");
        JsonNode run = runJson(out);
        assertTrue(run.has("train"));
        assertFalse(run.has("sample") || run.has("evaluate"), "no section of the old model's stages: " + run);
        assertEquals(7, run.get("config").get("seed").asInt());
        // and so evaluate cannot score the old samples as the new model's
        String message = refused("evaluate", out);
        assertTrue(message.contains("samples/_SUCCESS not found"), message);
    }

    @Test
    void sampleOverwriteRemovesTheOldSamplesEvaluation() throws IOException {
        File out = fullRun("resampled");
        ok("sample", out, "--overwrite", "--set", "sample.count=2000");
        assertTrue(new File(out, "samples/_SUCCESS").exists());
        assertFalse(new File(out, "metrics.json").exists(), "metrics of the old samples");
        assertEquals(List.of("loss.png"), plots(out), "no figure of the old samples");
        JsonNode run = runJson(out);
        assertEquals(2000, run.get("sample").get("count").asInt());
        assertFalse(run.has("evaluate"), "no evaluate section of the old samples: " + run);
        assertTrue(run.has("train"), "the model stays, and its section");
    }

    @Test
    void evaluateOverwriteLeavesOnlyTheFiguresItDraws() throws IOException {
        File out = fullRun("reevaluated");
        List<String> drawn = plots(out);
        // a figure of an earlier evaluation that this one does not draw (as a 3-d run's corner plot)
        Files.write(new File(out, "plots/corner.png").toPath(), new byte[] {1, 2, 3});
        Files.writeString(new File(out, "metrics.json").toPath(), "{\"stale\": true}");
        ok("evaluate", out, "--overwrite");
        assertEquals(drawn, plots(out));
        assertFalse(new ObjectMapper().readTree(new File(out, "metrics.json")).has("stale"));
        assertTrue(runJson(out).has("evaluate"));
    }

    @Test
    void withoutOverwriteAnOutputTheNewOneWouldMakeStaleIsRefusedByNameAndKept() throws IOException {
        File out = fullRun("kept");
        byte[] metrics = Files.readAllBytes(new File(out, "metrics.json").toPath());

        // the model moved away (say, by hand): a new train would leave the old samples beside its model
        Path model = new File(out, "model").toPath();
        Path aside = FOLDER.dir().resolve("kept-model");
        Files.move(model, aside);
        String train = refused("train", out);
        assertTrue(train.endsWith(new File(out, "samples") + " already exists and belongs to an earlier model, which "
                + "this train replaces; pass --overwrite to remove it"), train);
        assertTrue(new File(out, "samples/_SUCCESS").exists());
        Files.move(aside, model);

        // the samples gone: new samples would leave the old metrics and figures beside them
        LocalSpark.deleteRecursively(new File(out, "samples").toPath());
        String sample = refused("sample", out);
        assertTrue(sample.endsWith(new File(out, "metrics.json") + " already exists and belongs to earlier samples, "
                + "which this sample replaces; pass --overwrite to remove it"), sample);
        assertArrayEquals(metrics, Files.readAllBytes(new File(out, "metrics.json").toPath()));
        assertFalse(new File(out, "samples").exists(), "nothing sampled");

        Files.delete(new File(out, "metrics.json").toPath());
        String figure = refused("sample", out);
        assertTrue(figure.contains(new File(out, "plots") + "/") && figure.contains(".png already exists and belongs "
                + "to earlier samples"), "an evaluation's figure counts too: " + figure);
        assertTrue(new File(out, "plots/samples.png").exists());
    }
}
