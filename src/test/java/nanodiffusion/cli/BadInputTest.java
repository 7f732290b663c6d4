package nanodiffusion.cli;

import nanodiffusion.config.DataConfig;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.io.FolderSeal;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.TrainedWith;
import nanodiffusion.model.ScoreNetworkFactory;
import nanodiffusion.testing.CliTestFolder;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.learning.config.Adam;
import nanodiffusion.testing.DiskFullFileSystem;
import nanodiffusion.testing.ReadOnlyFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's table of bad inputs, one row per case: each gets a one-line error naming the key or path, a non-zero
 * exit status, and leaves nothing behind or overwritten.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    @RegisterExtension
    static final CliTestFolder FOLDER = new CliTestFolder("nd-bad");

    private String out(String name) {
        return FOLDER.dir().resolve(name).toString();
    }

    /** Asserts the failure shape and returns the message. */
    private static String fails(int status, String expected, String... args) {
        EndToEndRunTest.Result r = EndToEndRunTest.cli(args);
        assertEquals(status, r.status(), r.stderr());
        String message = r.stderr().strip();
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertTrue(message.startsWith("error: "), message);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
        return message;
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("unknown key", "unknown key train.setps; did you mean train.steps?", List.of("--set", "train.setps=5")),
                Arguments.of("wrong type", "train.steps = abc: must be a whole number", List.of("--set", "train.steps=abc")),
                Arguments.of("negative steps", "train.steps = -5: must be >= 1", List.of("--set", "train.steps=-5")),
                Arguments.of("zero steps", "train.steps = 0: must be >= 1", List.of("--set", "train.steps=0")),
                Arguments.of("fractional count", "sample.count = 1.5: must be a whole number", List.of("--set", "sample.count=1.5")),
                Arguments.of("batch not divisible across workers", "train.batchSize = 5001: must be divisible by train.workers (2)",
                        List.of("--set", "train.batchSize=5001", "--set", "train.workers=2")),
                Arguments.of("dt larger than T", "sample.dt = 2.0: must be <= sde.T (1.0)", List.of("--set", "sample.dt=2")),
                Arguments.of("dt not dividing T", "sde.T / sample.dt must be a whole number of steps", List.of("--set", "sample.dt=0.003")),
                Arguments.of("beta_min > beta_max", "sde.betaMax = 20.0: must be >= sde.betaMin (30.0)", List.of("--set", "sde.betaMin=30")),
                Arguments.of("scale <= 0", "data.scale = 0.0: must be a finite number > 0", List.of("--set", "data.scale=0")),
                Arguments.of("width 0", "model.width = 0: must be >= 1", List.of("--set", "model.width=0")),
                Arguments.of("depth 1", "model.depth = 1: must be >= 2", List.of("--set", "model.depth=1")),
                Arguments.of("unknown activation", "model.activation = sigmoidish: must be one of", List.of("--set", "model.activation=sigmoidish")),
                Arguments.of("unknown sampler", "sample.method = ancestral: must be one of em|em-denoise|pc|ode|ddim|dpm-solver++|sde-dpm-solver++|edm-heun", List.of("--set", "sample.method=ancestral")),
                Arguments.of("unknown data source", "data.source = spiral: must be one of ring|moons|8gaussians|swissroll|"
                        + "checkerboard|pinwheel|2spirals|circles|table", List.of("--set", "data.source=spiral")),
                Arguments.of("dimension 0", "data.dim = 0: must be >= 1", List.of("--set", "data.dim=0")),
                Arguments.of("sample count beyond the cap", "sample.count = 1000000000000: is above sample.maxCount "
                        + "(100000000)", List.of("--set", "sample.count=1000000000000")),
                Arguments.of("batch too large for memory", "train.batchSize = 2000000000: one step's activations",
                        List.of("--set", "train.batchSize=2000000000")),
                Arguments.of("network too large for memory", "model.width = 100000: hidden layers of",
                        List.of("--set", "model.width=100000")),
                Arguments.of("dimension too large for memory", "data.dim = 2000000000: a sampling block of "
                        + "sample.batchSize 10000 points needs about", List.of("--set", "data.dim=2000000000")),
                Arguments.of("2D-only source in 3D", "data.dim = 3: data.source = moons is a 2D density; set "
                        + "data.dim = 2", List.of("--set", "data.source=moons", "--set", "data.dim=3")),
                Arguments.of("negative learning rate", "train.lr = -1.0: must be a finite number > 0", List.of("--set", "train.lr=-1")),
                Arguments.of("sample count 0", "sample.count = 0: must be >= 1", List.of("--set", "sample.count=0")),
                Arguments.of("partitions > blocks", "sample.partitions = 3: must be <= the number of sample blocks (1",
                        List.of("--set", "sample.count=100", "--set", "sample.partitions=3")),
                Arguments.of("groups that do not divide the samples", "eval.groups = 3: must divide sample.count "
                        + "(100000) into equal groups", List.of("--set", "eval.groups=3")),
                Arguments.of("EMA weights without EMA", "sample.weights = ema: needs train.emaDecay > 0", List.of("--set", "train.emaDecay=0")),
                Arguments.of("--set without =", "--set nonsense: expected key=value", List.of("--set", "nonsense")),
                Arguments.of("missing conf file", "--conf /no/such.conf: no such file", List.of("--conf", "/no/such.conf")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void badSettingsAreRefusedBeforeAnyWork(String name, String expected, List<String> extra) {
        String target = out("never-" + name.replaceAll("\\W", "_"));
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", target));
        args.addAll(extra);
        fails(Main.BAD_INPUT, expected, args.toArray(String[]::new));
        assertFalse(new File(target).exists(), "nothing created for " + name);
    }

    @Test
    void malformedConfFileNamesTheFileAndLine() throws IOException {
        Path conf = FOLDER.dir().resolve("broken.conf");
        Files.writeString(conf, "train.steps = 5\ntrain.lr = = 3\n");
        fails(Main.BAD_INPUT, "broken.conf: 2:", "train", "--out", out("never-broken"), "--conf", conf.toString());
    }

    @Test
    void usageErrorsNameTheOption() {
        fails(Main.BAD_INPUT, "a command is required");
        fails(Main.BAD_INPUT, "Unknown option: '--bogus'", "train", "--out", out("x"), "--bogus");
        fails(Main.BAD_INPUT, "Missing required option: '--out=DIR'", "train");
    }

    @Test
    void unsupportedSchemeAndUnwritablePathAreNamed() {
        fails(Main.BAD_INPUT, "--out foo://bucket/run: unsupported file system scheme 'foo'", "train", "--out",
                "foo://bucket/run", "--set", "train.steps=10");
        fails(Main.BAD_INPUT, "--out /proc/nd-out: cannot create the output folder", "train", "--out", "/proc/nd-out",
                "--set", "train.steps=10");
    }

    @Test
    void aReadOnlyOutputIsRefusedBeforeTrainingAndNothingIsWritten() {
        ReadOnlyFileSystem.registered(ReadOnlyFileSystem.SCHEME, ReadOnlyFileSystem.class, () -> {
            Path run = FOLDER.dir().resolve("read-only");
            fails(Main.BAD_INPUT, "--out " + ReadOnlyFileSystem.SCHEME + ":" + run + ": not writable (Permission denied",
                    "train", "--out", ReadOnlyFileSystem.SCHEME + "://" + run, "--set", "train.steps=10");
            assertFalse(Files.exists(run.resolve("model")), "no model");
            assertFalse(Files.exists(run.resolve("checkpoints")), "no training started");
            assertFalse(Files.exists(run), "the folder the refused command made is gone again");
        });
    }

    @Test
    void aFullDiskIsOneLineWithItsOwnExitStatusAndNoModelLooksComplete() {
        DiskFullFileSystem.registered(DiskFullFileSystem.SCHEME, DiskFullFileSystem.class, () -> {
            Path run = FOLDER.dir().resolve("disk-full");
            fails(Main.OUT_OF_RESOURCES, "the disk is full or failing (java.io.IOException: No space left on device)",
                    "train", "--out", DiskFullFileSystem.SCHEME + "://" + run, "--set", "train.steps=20",
                    "--set", "train.batchSize=200", "--set", "train.checkpointEvery=10");
            assertFalse(Files.exists(run.resolve("model").resolve("_COMPLETE")), "no model marked complete");
        });
    }

    @Test
    void samplingAModelWithOtherNetworkSettingsNamesTheSettingsToPassAndWritesNothing() {
        Path run = FOLDER.dir().resolve("noise-model");
        ModelConfig trained = ConfigLoader.load(null, List.of("model.width=8", "model.depth=2")).model();
        assertEquals(ScoreOutputKind.NOISE, trained.output()); // the defaults: noise output, log-SNR input
        new ModelStore(new Storage(new Configuration())).save(ScoreNetworkFactory.create(trained, 2, new Adam(1e-3), 0),
                Optional.empty(), new TrainedWith(trained, new DataConfig(200)),
                new org.apache.hadoop.fs.Path(run.resolve("model").toUri()));
        fails(Main.BAD_INPUT, "model.output = score: the model in " + run.resolve("model")
                        + " was trained with model.output = noise; sample and evaluate it with --set model.output=noise "
                        + "--set model.timeInput=log-snr",
                "sample", "--out", run.toString(), "--set", "model.width=8", "--set", "model.depth=2",
                "--set", "sample.weights=raw", "--conf", "conf/reference.conf");
        assertFalse(Files.exists(run.resolve("samples")), "no samples from a misread model");
    }

    @Test
    void theRootTheHomeFolderAndSomeoneElsesFolderAreNeverOutputFolders() throws IOException {
        fails(Main.BAD_INPUT, "--out /: is the root of its file system", "train", "--out", "/",
                "--set", "train.steps=10");
        String home = System.getProperty("user.home");
        fails(Main.BAD_INPUT, ": is the home folder itself", "train", "--out", home, "--set", "train.steps=10");
        assertFalse(Files.exists(Path.of(home, "_LOCK")), "no lock, nothing written in the home folder");
        Path thesis = FOLDER.dir().resolve("thesis");
        Files.createDirectories(thesis);
        Files.writeString(thesis.resolve("thesis.txt"), "chapter 1");
        for (String extra : new String[] {"--set", "--overwrite"}) {
            List<String> args = new java.util.ArrayList<>(List.of("run", "--out", thesis.toString()));
            args.addAll(extra.equals("--overwrite") ? List.of("--overwrite") : List.of());
            fails(Main.BAD_INPUT, "holds thesis.txt, which is not an output of this tool", args.toArray(String[]::new));
        }
        try (var files = Files.list(thesis)) {
            assertEquals(List.of("thesis.txt"), files.map(p -> p.getFileName().toString()).toList(), "nothing added");
        }
    }

    @Test
    void aFolderInUseByAnotherCommandIsRefusedNamingIt() throws IOException {
        Path run = FOLDER.dir().resolve("locked");
        Files.createDirectories(run);
        String host = java.net.InetAddress.getLocalHost().getHostName();
        Files.writeString(run.resolve("_LOCK"), "{\"host\":\"" + host + "\",\"pid\":" + ProcessHandle.current().pid()
                + ",\"command\":\"run\",\"started\":\"2026-12-01T20:00:00Z\"}");
        fails(Main.BAD_INPUT, "--out " + run + " is in use by run (pid " + ProcessHandle.current().pid(),
                "train", "--out", run.toString(), "--set", "train.steps=10");
        assertFalse(Files.exists(run.resolve("model")), "nothing written");
        assertTrue(Files.exists(run.resolve("_LOCK")), "the holder's lock is left alone");
    }

    @Test
    void samplingAModelOfAnotherDimensionNamesBothAndWritesNothing() {
        Path run = FOLDER.dir().resolve("model-3d");
        RunConfig trained = ConfigLoader.load(null, List.of("model.width=8", "model.depth=2", "data.dim=3"));
        new ModelStore(new Storage(new Configuration())).save(ScoreNetworkFactory.create(trained.model(), 3,
                new Adam(1e-3), 0), Optional.empty(), TrainedWith.of(trained),
                new org.apache.hadoop.fs.Path(run.resolve("model").toUri()));
        fails(Main.BAD_INPUT, "data.dim = 2: the model in " + run.resolve("model") + " was trained with data.dim = 3; "
                        + "sample and evaluate it with --set data.dim=3",
                "sample", "--out", run.toString(), "--set", "model.width=8", "--set", "model.depth=2",
                "--set", "sample.weights=raw");
        assertFalse(Files.exists(run.resolve("samples")), "no samples from a model of another dimension");
    }

    @Test
    void aCorruptedModelAnEmptySealAndTruncatedParquetAreNamedAndNothingIsWritten() throws IOException {
        Path run = FOLDER.dir().resolve("corrupt");
        Files.createDirectories(run.resolve("model"));
        Files.writeString(run.resolve("model/score-network.zip"), "not a zip");
        Files.writeString(run.resolve("model/ema-network.zip"), "not a zip");
        Files.writeString(run.resolve("model/_COMPLETE"), "");
        fails(Main.FAILED, "model/_COMPLETE: not a usable seal: empty; it lists no files to check", "sample",
                "--out", run.toString());
        FolderSeal.seal(new Storage(new Configuration()), new org.apache.hadoop.fs.Path(run.resolve("model").toUri()));
        fails(Main.FAILED, "ema-network.zip: could not read", "sample", "--out", run.toString());
        assertFalse(Files.exists(run.resolve("samples")), "no samples from a corrupt model");

        Files.createDirectories(run.resolve("samples"));
        Files.write(run.resolve("samples/part-00000.parquet"), new byte[] {'P', 'A', 'R', '1', 0, 0, 0});
        Files.writeString(run.resolve("samples/_SUCCESS"), "");
        fails(Main.FAILED, "samples: no _MANIFEST.json", "evaluate", "--out", run.toString());
        assertFalse(Files.exists(run.resolve("metrics.json")));
    }

    @Test
    void missingInputsAreNamed() {
        fails(Main.BAD_INPUT, "model/_COMPLETE not found", "sample", "--out", out("no-model"));
        fails(Main.BAD_INPUT, "samples/_SUCCESS not found", "evaluate", "--out", out("no-samples"));
        // refused after the folder was made (Spark had to start to read it): the empty folder goes again
        assertFalse(new File(out("no-model")).exists(), "no empty folder left by a refused sample");
        assertFalse(new File(out("no-samples")).exists(), "no empty folder left by a refused evaluate");
    }

    @Test
    void existingOutputIsNotOverwritten() throws IOException {
        Path run = FOLDER.dir().resolve("existing");
        Files.createDirectories(run.resolve("samples"));
        Files.writeString(run.resolve("metrics.json"), "{\"kept\": true}");
        Files.createDirectories(run.resolve("model"));
        Files.writeString(run.resolve("model/_COMPLETE"), "");
        byte[] before = Files.readAllBytes(run.resolve("metrics.json"));
        fails(Main.BAD_INPUT, "samples already exists; pass --overwrite", "sample", "--out", run.toString());
        fails(Main.BAD_INPUT, "model already exists; pass --overwrite", "run", "--out", run.toString());
        assertArrayEquals(before, Files.readAllBytes(run.resolve("metrics.json")));
        assertNotEquals(0, before.length);
    }
}
