package nanodiffusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.testing.CliTestFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train.loss, sde.kind and model.inputScale from the command line: a sliced-score model (on the ring and on a stored
 * table) and a VE model train through the default route,
 * their model folders record the loss and the SDE, and reading them under other values is refused by name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LossAndSdeRunTest {
    @RegisterExtension
    static final CliTestFolder FOLDER = new CliTestFolder("nd-loss-sde");

    private static final String[] SMALL = {"--set", "train.steps=200", "--set", "train.batchSize=1000",
            "--set", "train.logEvery=100", "--set", "train.checkpointEvery=0", "--set", "sample.count=2000",
            "--set", "sample.batchSize=1000", "--set", "model.width=32"};

    private static String[] args(String... head) {
        String[] all = java.util.Arrays.copyOf(head, head.length + SMALL.length);
        System.arraycopy(SMALL, 0, all, head.length, SMALL.length);
        return all;
    }

    private static JsonNode recorded(String out) throws Exception {
        return new ObjectMapper().readTree(new File(out, "model/parametrisation.json"));
    }

    @Test
    void aSlicedScoreModelTrainsSamplesAndIsReadOnlyAsOne() throws Exception {
        String out = FOLDER.dir().resolve("sliced").toString();
        EndToEndRunTest.Result train = EndToEndRunTest.cli(args("train", "--out", out, "--set", "train.loss=sliced",
                "--set", "train.slicedProjections=2"));
        assertEquals(0, train.status(), train.stderr());
        assertEquals("sliced", recorded(out).get("train.loss").asText());
        EndToEndRunTest.Result refused = EndToEndRunTest.cli(args("sample", "--out", out));
        assertEquals(Main.BAD_INPUT, refused.status(), refused.stderr());
        assertTrue(refused.stderr().contains("train.loss = dsm: the model in ") && refused.stderr().contains(
                "was trained with train.loss = sliced; sample and evaluate it with --set train.loss=sliced"),
                refused.stderr());
        EndToEndRunTest.Result sample = EndToEndRunTest.cli(args("sample", "--out", out, "--set", "train.loss=sliced",
                "--set", "train.slicedProjections=2"));
        assertEquals(0, sample.status(), sample.stderr());
        assertTrue(new File(out, "samples/_SUCCESS").isFile());
    }

    @Test
    void aVeModelRecordsItsSdeAndInputScaleAndIsSampledOnlyUnderBoth() throws Exception {
        String out = FOLDER.dir().resolve("ve").toString();
        EndToEndRunTest.Result train = EndToEndRunTest.cli(args("train", "--out", out, "--set", "sde.kind=ve",
                "--set", "model.inputScale=unit"));
        assertEquals(0, train.status(), train.stderr());
        JsonNode model = recorded(out);
        assertEquals("ve", model.get("sde.kind").asText());
        assertEquals(50.0, model.get("sde.sigmaMax").asDouble());
        assertEquals("unit", model.get("model.inputScale").asText());
        EndToEndRunTest.Result refused = EndToEndRunTest.cli(args("sample", "--out", out));
        assertEquals(Main.BAD_INPUT, refused.status(), refused.stderr());
        // the first differing key in the settings table's order named, and the --set of every one
        assertTrue(refused.stderr().contains("sde.kind = vp: the model in ")
                && refused.stderr().contains("--set sde.kind=ve --set model.inputScale=unit"), refused.stderr());
        EndToEndRunTest.Result unscaled = EndToEndRunTest.cli(args("sample", "--out", out, "--set",
                "model.inputScale=unit"));
        assertEquals(Main.BAD_INPUT, unscaled.status(), unscaled.stderr());
        assertTrue(unscaled.stderr().contains("sde.kind = vp: the model in ")
                && unscaled.stderr().contains("--set sde.kind=ve"), unscaled.stderr());
        EndToEndRunTest.Result sample = EndToEndRunTest.cli(args("sample", "--out", out, "--set", "sde.kind=ve",
                "--set", "model.inputScale=unit"));
        assertEquals(0, sample.status(), sample.stderr());
    }

    @Test
    void slicedScoreMatchingTrainsOnAStoredTable() throws Exception {
        String table = FOLDER.dir().resolve("table").toString();
        EndToEndRunTest.Result made = EndToEndRunTest.cli("demo-table", "--out", table, "--rows", "4000");
        assertEquals(0, made.status(), made.stderr());
        String out = FOLDER.dir().resolve("sliced-table").toString();
        EndToEndRunTest.Result train = EndToEndRunTest.cli(args("train", "--out", out, "--set", "train.loss=sliced",
                "--set", "data.source=table", "--set", "data.path=" + table));
        assertEquals(0, train.status(), train.stderr());
        assertEquals("sliced", recorded(out).get("train.loss").asText());
        assertEquals("table", recorded(out).get("data.source").asText());
        JsonNode run = new ObjectMapper().readTree(new File(out, "run.json"));
        double loss = run.get("train").get("final_loss").asDouble();
        // the sliced objective (sigma^2-weighted, less the constant d/2 of the denoising loss) is finite and below 0
        // once the network has learned anything of the score: it starts at 0 for a zero output
        assertTrue(Double.isFinite(loss) && loss < 0, "final sliced loss " + loss);
    }

    @Test
    void slicedScoreMatchingNeedsTheDefaultRoute() {
        EndToEndRunTest.Result dl4j = EndToEndRunTest.cli(args("train", "--out", FOLDER.dir().resolve("never-2").toString(),
                "--set", "train.loss=sliced", "--set", "train.mode=dl4j-parameter-averaging"));
        assertEquals(Main.BAD_INPUT, dl4j.status(), dl4j.stderr());
        assertTrue(dl4j.stderr().contains("train.mode = dl4j-parameter-averaging: trains train.loss = dsm only"),
                dl4j.stderr());
    }
}
