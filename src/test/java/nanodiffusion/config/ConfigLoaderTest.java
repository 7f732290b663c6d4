package nanodiffusion.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    private static ConfigError error(String... overrides) {
        return assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of(overrides)));
    }

    @Test
    void defaultsKeepTheReferenceBudgetSdeAndNetworkShape() {
        RunConfig c = ConfigLoader.load(null, List.of());
        assertEquals(20_000, c.train().steps());
        assertEquals(5000, c.train().batchSize());
        assertEquals(1e-3, c.train().lr());
        assertEquals(new SdeConfig(0.1, 20, 1), c.sde());
        // the seed's depth at twice its width (the radius law's skew needs it); it predicts the noise from a log-SNR
        // time input (the fidelity recipe)
        assertEquals(new ModelConfig(128, 6, ActivationKind.RELU, ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR), c.model());
        assertEquals(TimeSamplingKind.EDM, c.train().tSampling().kind());
        assertEquals(0.1, c.train().tSampling().uniformMix());
        assertEquals(LrScheduleKind.STEP, c.train().lrSchedule().kind());
        assertEquals(SamplerKind.SDE_DPM_SOLVER_PP, c.sample().method());
        assertEquals(200, c.sample().fewStep().steps());
        assertEquals(200, c.data().scale());
        assertEquals(200, c.sampleSteps());
        assertEquals(100_000, c.sample().count());
        assertEquals(2.0, c.sample().gridPower()); // quadratic time grid: same 200 steps, finer near t = 0
        assertTrue(c.train().workers().isEmpty());
    }

    @Test
    void fewStepConfLayersTheTwentyEvaluationSamplerOverTheDefaults() {
        RunConfig c = ConfigLoader.load(new File("conf/few-step.conf"), List.of());
        RunConfig defaults = ConfigLoader.load(null, List.of());
        assertEquals(SamplerKind.SDE_DPM_SOLVER_PP, c.sample().method());
        assertEquals(new FewStepConfig(20, StepScheduleKind.LOG_SNR_BAND, 7, 2e-4, 3, 1, 0.03, new LogSnrBand(1, 4, 2)),
                c.sample().fewStep());
        assertEquals(defaults.model(), c.model(), "the sampler preset leaves the model alone");
        assertEquals(defaults.train(), c.train(), "and the training");
        assertEquals(0.0, defaults.sample().fewStep().etaNoiseMin(), "by default every step adds noise");
    }

    @Test
    void aNegativeEtaNoiseFloorIsRefusedByName() {
        ConfigError e = error("sample.etaNoiseMin=-0.1");
        assertTrue(e.getMessage().contains("sample.etaNoiseMin"), e.getMessage());
    }

    @Test
    void referenceConfReproducesTheSeedRecipe() {
        RunConfig c = ConfigLoader.load(new File("conf/reference.conf"), List.of());
        assertEquals(ScoreOutputKind.SCORE, c.model().output());
        assertEquals(TimeInputKind.T, c.model().timeInput());
        assertEquals(64, c.model().width()); // Linear(3,64) .. Linear(64,2): 17,026 parameters
        assertEquals(TimeSamplingKind.UNIFORM, c.train().tSampling().kind());
        assertEquals(LrScheduleKind.CONSTANT, c.train().lrSchedule().kind());
        assertEquals(0, c.train().lrSchedule().warmupSteps());
        assertEquals(0.0, c.train().emaDecay());
        assertEquals(SamplerKind.EM, c.sample().method());
        assertEquals(WeightsKind.RAW, c.sample().weights());
        assertEquals(1.0, c.sample().gridPower());
        assertEquals(1e-3, c.train().lr());
        assertEquals(200, c.sampleSteps());
    }

    @Test
    void overridesAndFilesLayerOverTheDefaults(@TempDir File dir) throws IOException {
        File conf = new File(dir, "mine.conf");
        Files.writeString(conf.toPath(), "train.steps = 300\nmodel.activation = tanh\n");
        RunConfig c = ConfigLoader.load(conf, List.of("train.steps=500", "train.workers=4", "seed=7"));
        assertEquals(500, c.train().steps());
        assertEquals(ActivationKind.TANH, c.model().activation());
        assertEquals(4, c.train().workers().getAsInt());
        assertEquals(7, c.seed());
    }

    @Test
    void flatMapRoundTripsThroughTheLoader() {
        RunConfig c = ConfigLoader.load(null, List.of("train.workers=2", "sample.dt=0.01", "model.width=32"));
        List<String> asOverrides = new ArrayList<>();
        for (Map.Entry<String, Object> e : c.asFlatMap().entrySet()) {
            asOverrides.add(e.getKey() + "=" + e.getValue());
        }
        assertEquals(c, ConfigLoader.load(null, asOverrides));
        assertEquals(ConfigLoader.knownKeys(), c.asFlatMap().keySet().stream().sorted().toList());
    }

    @Test
    void unknownKeyIsAnErrorThatSuggestsTheRightOne() {
        ConfigError e = error("train.setps=5");
        assertTrue(e.getMessage().contains("unknown key train.setps"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean train.steps"), e.getMessage());
    }

    @Test
    void wrongTypesAndRangesNameTheKeyAndValue() {
        assertEquals("train.steps = abc: must be a whole number", error("train.steps=abc").getMessage());
        assertEquals("train.steps = 0: must be >= 1", error("train.steps=0").getMessage());
        assertTrue(error("train.lr=fast").getMessage().startsWith("train.lr = fast"));
        assertTrue(error("model.activation=sigmoidish").getMessage().startsWith("model.activation = sigmoidish"));
        assertTrue(error("sde.betaMin=30").getMessage().startsWith("sde.betaMax = 20.0: must be >= sde.betaMin"));
        assertTrue(error("data.scale=-1").getMessage().startsWith("data.scale = -1.0"));
        assertTrue(error("model.width=0").getMessage().startsWith("model.width = 0"));
        assertTrue(error("sample.dt=2").getMessage().startsWith("sample.dt = 2.0: must be <= sde.T"));
        assertTrue(error("sample.dt=0.003").getMessage().contains("whole number of steps"));
        assertTrue(error("train.batchSize=5001", "train.workers=2").getMessage().contains("divisible"));
        assertTrue(error("sample.count=100", "sample.partitions=3").getMessage().startsWith("sample.partitions = 3"));
        assertTrue(error("sample.count=0").getMessage().startsWith("sample.count = 0"));
        assertTrue(error("sample.gridPower=0.5").getMessage().startsWith("sample.gridPower = 0.5: must be a finite number >= 1"));
        assertTrue(error("nonsense").getMessage().contains("expected key=value"));
        assertTrue(error("sample.method=ancestral").getMessage().startsWith("sample.method = ancestral: must be one of em|"));
        assertTrue(error("train.emaDecay=0").getMessage().startsWith("sample.weights = ema: needs train.emaDecay"));
        assertEquals("eval.groups = 3: must divide sample.count (100000) into equal groups",
                error("eval.groups=3").getMessage());
        assertTrue(error("data.source=table", "data.path=rows.csv", "eval.groups=2").getMessage()
                .startsWith("eval.groups = 2: applies to generated sources"));
        assertTrue(error("train.emaDecay=1").getMessage().startsWith("train.emaDecay = 1.0"));
        assertTrue(error("train.lrMin=0.1").getMessage().startsWith("train.lrMin = 0.1: must be <= train.lr"));
        assertTrue(error("sample.bandTo=0.2").getMessage().startsWith("sample.bandTo = 0.2: must be a finite log-SNR above sample.bandFrom (0.5)"));
        assertTrue(error("sample.bandDensity=0.5").getMessage().startsWith("sample.bandDensity = 0.5: must be in [1, 1000]"));
        assertTrue(error("sample.schedule=banded").getMessage().contains("log-snr-band"));
    }

    @Test
    void missingConfFileIsNamed() {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(new File("/no/such.conf"), List.of()));
        assertEquals("--conf /no/such.conf: no such file", e.getMessage());
    }

    @Test
    void aConfigTravelsToExecutorsAsItIs() throws Exception {
        RunConfig c = ConfigLoader.load(null, List.of("train.workers=2", "train.lrSchedule=cosine", "seed=3"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            RunConfig back = (RunConfig) in.readObject();
            assertEquals(c, back);
            assertEquals(2, back.train().workers().getAsInt());
        }
        RunConfig auto = ConfigLoader.load(null, List.of());
        assertTrue(auto.train().workers().isEmpty(), "auto is no count");
        assertTrue(assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("train.workers=0")))
                .getMessage().contains("train.workers = 0: must be >= 1 or auto"));
    }

    @Test
    void theDataSourceIsTheRingUnlessAToyDensityIsNamed() {
        assertEquals(DataSourceKind.RING, ConfigLoader.load(null, List.of()).data().source());
        assertEquals(DataSourceKind.EIGHT_GAUSSIANS,
                ConfigLoader.load(null, List.of("data.source=8gaussians")).data().source());
        assertEquals("8gaussians", ConfigLoader.load(null, List.of("data.source=8gaussians")).asFlatMap()
                .get("data.source"));
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("data.source=spiral")));
        assertEquals("data.source = spiral: must be one of ring|moons|8gaussians|swissroll|checkerboard|pinwheel|"
                + "2spirals|circles|table", e.getMessage());
        assertTrue(RunConfig.TRAINING_IDENTITY.contains("data.source"), "resuming with another source is refused");
    }

    /** A local HTTP server on 127.0.0.1 that counts the requests it gets. */
    private static com.sun.net.httpserver.HttpServer counting(java.util.concurrent.atomic.AtomicInteger requests)
            throws IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "train.steps = 7".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void settingsFilesMayNotIncludeUrlsFilesOrResourcesAndNothingIsFetched(@TempDir File dir) throws IOException {
        var requests = new java.util.concurrent.atomic.AtomicInteger();
        var server = counting(requests);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/settings.conf";
            File viaUrl = new File(dir, "url.conf");
            Files.writeString(viaUrl.toPath(), "include url(\"" + url + "\")\n");
            ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(viaUrl, List.of()));
            assertTrue(e.getMessage().contains("include url(\"" + url + "\") is not allowed"), e.getMessage());
            assertEquals(0, requests.get(), "no request was made");
        } finally {
            server.stop(0);
        }
        File other = new File(dir, "other.conf");
        Files.writeString(other.toPath(), "train.steps = 9\n");
        for (String include : List.of("include file(\"" + other + "\")", "include \"other.conf\"",
                "include classpath(\"nanodiffusion.conf\")")) {
            File f = new File(dir, "inc.conf");
            Files.writeString(f.toPath(), include + "\n");
            ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(f, List.of()));
            assertTrue(e.getMessage().contains("is not allowed: settings files may not include others"),
                    include + ": " + e.getMessage());
        }
    }

    @Test
    void environmentVariablesAreNeverReadAndTheirValuesNeverEchoed(@TempDir File dir) throws IOException {
        String path = System.getenv("PATH");
        File f = new File(dir, "env.conf");
        Files.writeString(f.toPath(), "data.path = ${PATH}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains("${PATH}") || e.getMessage().contains("PATH"), e.getMessage());
        assertTrue(path == null || !e.getMessage().contains(path), "the value is not echoed: " + e.getMessage());
        Files.writeString(f.toPath(), "data.path = ${?PATH}\n");
        assertEquals("", ConfigLoader.load(f, List.of()).data().table().path(), "an optional variable stays unset");
        ConfigError folder = assertThrows(ConfigError.class, () -> ConfigLoader.load(dir, List.of()));
        assertTrue(folder.getMessage().endsWith(": is a folder, not a settings file"), folder.getMessage());
    }

    @Test
    void theKeyTableHoldsEveryKeyWithTheTypeItIsReadAsItsDefaultAndItsComment() {
        Map<String, ConfigKey> table = new java.util.LinkedHashMap<>();
        ConfigLoader.keyTable().forEach(k -> table.put(k.key(), k));
        assertEquals(ConfigLoader.knownKeys(), table.keySet().stream().sorted().toList());
        assertEquals(new ConfigKey("train.steps", ConfigKey.Kind.INT, 20000, table.get("train.steps").doc(), List.of()),
                table.get("train.steps"));
        assertEquals(ConfigKey.Kind.LONG, table.get("sample.count").kind());
        assertEquals(100000L, table.get("sample.count").defaultValue());
        assertEquals(1e-3, table.get("train.lr").defaultValue());
        assertEquals(true, table.get("data.standardize").defaultValue());
        assertEquals("auto", table.get("train.workers").defaultValue()); // "auto" or a count: read as a word
        assertTrue(table.get("sample.method").choices().containsAll(List.of("em-denoise", "ddim", "dpm-solver++")));
        assertTrue(table.get("train.steps").doc().startsWith("Training: steps of one global batch"),
                table.get("train.steps").doc());
        // a key without a comment of its own takes its section's first comment
        assertEquals(table.get("train.steps").doc(), table.get("train.lr").doc());
    }

    @Test
    void everyShippedPresetLoadsOverTheDefaults() {
        File[] presets = new File("conf").listFiles((d, name) -> name.endsWith(".conf")
                && !name.equals("nanodiffusion.conf") && !name.equals("spark-defaults.conf"));
        assertTrue(presets != null && presets.length >= 4, "conf/ holds the presets");
        for (File preset : presets) {
            RunConfig c = ConfigLoader.load(preset, List.of());
            assertTrue(c.train().steps() > 0, preset.getName());
        }
        RunConfig high = ConfigLoader.load(new File("conf/high-fidelity.conf"), List.of());
        assertEquals(256, high.model().width());
        assertEquals(20000, high.train().batchSize());
        assertEquals(ConfigLoader.load(null, List.of()).train().lr(), high.train().lr(), 0.0,
                "the default lr, unscaled");
    }
}
