package nanodiffusion.ml;

import nanodiffusion.cli.Main;
import nanodiffusion.config.LogSnrBand;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ModelStore;
import nanodiffusion.testing.CliSparkProperties;
import nanodiffusion.testing.LocalSpark;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark ML stages: fit, sample, transform, evaluate, persistence, Pipelines and tuning, bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiffusionEstimatorTest {
    /**
     * A small recipe: enough to learn the ring's rough shape in seconds. Uniform t: in 100 steps the default EDM
     * density leaves the score near T, where ddim's flow starts, untrained.
     */
    private static final String[][] SMALL = {{"train.steps", "100"}, {"train.batchSize", "200"},
            {"train.tSampling", "uniform"}, {"sample.tMin", "1e-3"},
            {"train.lr", "5e-3"}, {"train.emaDecay", "0.9"},
            {"model.width", "16"}, {"train.logEvery", "20"}, {"train.checkpointEvery", "30"},
            {"sample.method", "ddim"}, {"sample.steps", "10"}, {"sample.batchSize", "500"}, {"eval.directions", "16"},
            {"eval.nllTolerance", "1e-3"}};

    private java.nio.file.Path dir;
    private String table;
    private String cliRun;
    private LocalSpark spark;

    @BeforeAll
    void setUp() throws Exception {
        dir = LocalSpark.tempFolder("nd-ml");
        table = dir.resolve("ring.parquet").toString();
        try (LocalSpark writer = new LocalSpark()) {
            ring(writer, 3000, 7).write().parquet(table);
        }
        // the command line's train on the same rows, in its own Spark session (closed before ours starts)
        cliRun = dir.resolve("cli").toString();
        List<String> args = new ArrayList<>(List.of("train", "--out", cliRun, "--set", "data.source=table",
                "--set", "data.path=" + table, "--set", "data.columns=x,y"));
        for (String[] kv : SMALL) {
            args.addAll(List.of("--set", kv[0] + "=" + kv[1]));
        }
        try (CliSparkProperties ignored = new CliSparkProperties()) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Main.execute(new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        }
        spark = new LocalSpark();
    }

    @AfterAll
    void tearDown() {
        try {
            if (spark != null) { // null when setUp failed before its session
                spark.close();
            }
        } finally {
            LocalSpark.deleteRecursively(dir);
        }
    }

    /** Points near the unit circle (radius 1 +- 0.07), columns x and y, in 3 partitions. */
    private static Dataset<Row> ring(LocalSpark s, int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * r.nextDouble();
            double radius = 1 + 0.07 * r.nextGaussian();
            rows.add(RowFactory.create(radius * Math.cos(a), radius * Math.sin(a)));
        }
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        return s.session().createDataFrame(rows, schema).repartition(3);
    }

    private static DiffusionEstimator small(DiffusionEstimator e) {
        for (String[] kv : SMALL) {
            e.setSetting(kv[0], kv[1]);
        }
        return e;
    }

    private Dataset<Row> table() {
        return spark.session().read().parquet(table);
    }

    private DiffusionModel xy; // fitted on demand, shared by the tests that only read a model on x, y

    /** A model fitted on the ring's x, y columns (the same fit in every test: seeded). */
    private DiffusionModel xyModel() {
        if (xy == null) {
            xy = small(new DiffusionEstimator()).setInputCols(new String[] {"x", "y"}).fit(table());
        }
        return xy;
    }

    private DiffusionModel vectorModel; // fitted on demand on the vector column features = (x, y)

    private DiffusionModel vectorModel() {
        if (vectorModel == null) {
            Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features")
                    .transform(table());
            vectorModel = small(new DiffusionEstimator()).fit(assembled);
        }
        return vectorModel;
    }

    /** Rows (id, features) of the given vectors (null: a null vector), without size metadata, in one partition. */
    private Dataset<Row> vectors(double[]... values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(RowFactory.create(i, values[i] == null ? null
                    : org.apache.spark.ml.linalg.Vectors.dense(values[i])));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
        return spark.session().createDataFrame(rows, schema).coalesce(1);
    }

    /** The message of what {@code action} throws, with the causes Spark wraps a task's failure in. */
    private static String failure(org.junit.jupiter.api.function.Executable action) {
        Throwable e = assertThrows(Exception.class, action);
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    /** Rows (id, x, y) with nullable coordinates, in one partition. */
    private Dataset<Row> points(Object[][] values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(RowFactory.create(i, values[i][0], values[i][1]));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType);
        return spark.session().createDataFrame(rows, schema).coalesce(1);
    }

    @Test
    void fitOnADataFrameEqualsTheCommandLinesTrainOnTheSameRows() {
        DiffusionModel model = small(new DiffusionEstimator()).setInputCols(new String[] {"x", "y"}).fit(table());
        Storage storage = new Storage(spark.session().sparkContext().hadoopConfiguration());
        double[] cli = new ModelStore(storage).load(new Path(cliRun, "model")).params().toDoubleVector();
        double[] fitted = model.fitted().network().params().toDoubleVector();
        // the same rows, seed and settings through the same training stage: equal to the last bit (tolerance 0)
        assertArrayEquals(cli, fitted, 0.0);
        assertEquals(List.of("x", "y"), model.learnedColumns());

        // the command line's run read as a Spark ML model: the same samples as the fitted one
        DiffusionModel run = DiffusionModel.fromRun(cliRun);
        assertEquals(model.sample(300).collectAsList(), run.sample(300).collectAsList());
    }

    @Test
    void aFitWritesNoFileWithoutCheckpointDirAndTheSameNetworkWithIt() {
        long before = localBytesWritten();
        DiffusionModel inMemory = small(new DiffusionEstimator()).setInputCols(new String[] {"x", "y"}).fit(table());
        // Hadoop's counters of the local file system: nothing written by the fit (the rows were read only)
        assertEquals(before, localBytesWritten(), "bytes written by a fit without checkpointDir");

        String folder = dir.resolve("fit-folder").toUri().toString();
        DiffusionEstimator kept = small(new DiffusionEstimator()).setInputCols(new String[] {"x", "y"});
        kept.set(kept.checkpointDir(), folder);
        DiffusionModel inFolder = kept.fit(table());
        assertTrue(localBytesWritten() > before, "a fit with checkpointDir writes its files");
        Storage storage = new Storage(spark.session().sparkContext().hadoopConfiguration());
        RunLayout layout = RunLayout.of(folder);
        assertTrue(storage.exists(layout.runJson()) && storage.exists(layout.lossCsv())
                && storage.exists(layout.modelCommitted()), "run.json, loss.csv and the model in " + folder);
        // train.checkpointEvery = 30 of 100 steps: checkpoints at 30, 60, 90 and 100 (the end), the newest kept
        assertTrue(storage.exists(layout.checkpoints()), "checkpoints in " + folder);
        // checkpoints or not, the same training: equal to the last bit (tolerance 0)
        assertArrayEquals(inFolder.fitted().network().params().toDoubleVector(),
                inMemory.fitted().network().params().toDoubleVector(), 0.0);
        assertArrayEquals(inFolder.fitted().ema().orElseThrow().toDoubleVector(),
                inMemory.fitted().ema().orElseThrow().toDoubleVector(), 0.0);
    }

    private static long localBytesWritten() {
        return org.apache.hadoop.fs.FileSystem.getAllStatistics().stream().filter(st -> st.getScheme().equals("file"))
                .mapToLong(org.apache.hadoop.fs.FileSystem.Statistics::getBytesWritten).sum();
    }

    @Test
    void theCommandLineSamplesASavedSparkMlModel() throws Exception {
        DiffusionModel model = small(new DiffusionEstimator()).setInputCols(new String[] {"x", "y"}).fit(table());
        String path = dir.resolve("for-the-cli").toString();
        model.write().save(path);
        spark.close(); // the command opens its own session
        try (CliSparkProperties ignored = new CliSparkProperties()) {
            List<String> args = new ArrayList<>(List.of("sample", "--out", path, "--set", "data.source=table", "--set", "data.path=" + table,
                    "--set", "sample.count=300", "--set", "sample.partitions=1"));
            for (String[] kv : SMALL) {
                args.addAll(List.of("--set", kv[0] + "=" + kv[1]));
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Main.execute(new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        } finally {
            spark = new LocalSpark();
        }
        List<Row> cli = spark.session().read().parquet(path + "/samples").orderBy("sample_id").drop("sample_id")
                .collectAsList();
        assertEquals(300, cli.size());
        assertEquals(model.sample(300).collectAsList(), cli);
    }

    @Test
    void aSavedModelLoadsAndDrawsIdenticalSamplesInTheFittedColumns() throws Exception {
        DiffusionModel model = small(new DiffusionEstimator()).setInputCols(new String[] {"x", "y"}).fit(table());
        String path = dir.resolve("saved-model").toString();
        model.write().save(path);
        assertTrue(new File(path, "model/_COMPLETE").isFile(), "the command line's sealed model folder");
        DiffusionModel loaded = DiffusionModel.load(path);
        List<Row> before = model.sample(700).collectAsList();
        List<Row> after = loaded.sample(700).collectAsList();
        assertEquals(700, before.size());
        assertEquals(before, after);
        assertArrayEquals(new String[] {"x", "y"}, model.sample(10).columns());
        assertEquals(model.uid(), loaded.uid());
        assertEquals(100, (int) loaded.getOrDefault(loaded.setting("train.steps")));

        // a seed of its own draws other samples of the same model
        List<Row> other = loaded.copy(new ParamMap()).setSetting("seed", 5).sample(700).collectAsList();
        assertFalse(before.equals(other));

        // the learned ring: the median radius near 1 (a 100-step model leaves stray samples, so not the mean).
        // Measured on these 700 samples: this fixture 0.81; the same recipe untrained (train.steps = 1) 128, with
        // train.lr = 1e-12 129, after 10 steps 119, after 30 steps 23 (a noise prediction near 0 leaves ddim's
        // x_T / alpha_T, alpha_T = 0.0066: median 1.18 / 0.0066 x the data's std 0.71 = 127). 1 +- 0.3 holds the
        // trained value 0.11 inside its edge (the samples are a pure function of the seed; the room is for another
        // CPU's rounding in training) and fails a network that has not learned the data's scale by 100x. It does not
        // tell the ring from a Gaussian blob of the data's scale (median 0.84): this short recipe's samples are not
        // yet closer to the ring than such a blob, by this or the sliced distance below.
        double[] radii = before.stream().mapToDouble(r -> Math.hypot(r.getDouble(0), r.getDouble(1))).sorted().toArray();
        assertEquals(1.0, radii[radii.length / 2], 0.3, "median radius");
    }

    @Test
    void theProfileScheduleMeasuresItsBandOncePerSettingNotOncePerDraw() {
        DiffusionModel model = small(new DiffusionEstimator()).setInputCols(new String[] {"x", "y"}).fit(table())
                .setSetting("sample.schedule", "profile");
        List<Row> first = model.sample(600).collectAsList();
        assertEquals(1, model.measuredBands().size());
        LogSnrBand band = model.measuredBands().values().iterator().next().orElseThrow();
        assertTrue(band.from() < band.to(), band.toString());
        assertEquals(first, model.sample(600).collectAsList(), "the same band, so the same samples");
        model.sample(1300).count(); // another count and number of partitions: the same band
        assertEquals(1, model.measuredBands().size(), "measured once for three draws");

        // a model drawn afresh measures the same band and draws the same samples
        DiffusionModel fresh = model.copy(new ParamMap());
        assertEquals(first, fresh.sample(600).collectAsList());
        assertEquals(band, fresh.measuredBands().values().iterator().next().orElseThrow());

        // another seed is another measurement; the hand-set band needs none
        model.setSetting("seed", 5).sample(600).count();
        assertEquals(2, model.measuredBands().size());
        model.setSetting("sample.schedule", "log-snr-band").sample(600).count();
        assertEquals(Optional.empty(), model.measuredBands().get(model.config()));
    }

    @Test
    void transformAddsEachRowsLogLikelihoodAndEvaluateScoresAgainstTheTruth() {
        DiffusionModel model = small(new DiffusionEstimator()).setInputCols(new String[] {"x", "y"}).fit(table());
        Dataset<Row> scored = model.transform(table().limit(400));
        assertEquals(List.of("x", "y", "log_likelihood"), List.of(scored.columns()));
        List<Row> rows = scored.collectAsList();
        assertEquals(400, rows.size());
        double meanLogp = rows.stream().mapToDouble(r -> r.getDouble(2)).average().orElseThrow();
        // the evaluation stage's likelihood of the same points (one adaptive solve over all 400, where transform
        // solves per block of a partition's rows): the same mean within the solver's tolerance's effect
        double[] z = new double[2 * rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            z[2 * i] = rows.get(i).getDouble(0);
            z[2 * i + 1] = rows.get(i).getDouble(1);
        }
        nanodiffusion.data.Standardization st = model.fitted().standardization().orElseThrow();
        st.standardize(z);
        nanodiffusion.sample.SparkLikelihood.Result whole = new nanodiffusion.sample.SparkLikelihood(spark.jsc(),
                model.config()).negativeLogLikelihood(model.fitted().forSampling(nanodiffusion.config.WeightsKind.EMA), z,
                rows.size());
        assertEquals(-(whole.nll() + st.logJacobian()), meanLogp, 0.02);
        assertTrue(Double.isFinite(new DiffusionEvaluator().evaluate(scored)));

        Map<String, Object> metrics = model.evaluate(table(), 2000);
        // 2000 true rows, 3 floor draws: 1500 samples, 3 draws of 500 against 500 rows, 3 x 500 rows for the floors
        assertEquals(500, ((Number) metrics.get("eval_points")).intValue(), metrics.toString());
        // measured: this fixture 17.2 (its stray samples, see above); the same recipe untrained (train.steps = 1)
        // 1680, 10 steps 1557, 30 steps 601. Below 30 leaves the trained value 1.7x of room for another CPU's
        // rounding in training and fails an untrained network by 50x; above 0.5: no sampler beats exact draws twice over
        double ratio = (Double) metrics.get("sliced_w1_ratio");
        assertTrue(ratio > 0.5 && ratio < 30, "sliced W1 / its floor = " + ratio);
    }

    @Test
    void aPipelineWithVectorAssemblerAndStandardScalerFitsSavesLoadsAndSamples() throws Exception {
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("raw");
        org.apache.spark.ml.feature.StandardScaler scaler = new org.apache.spark.ml.feature.StandardScaler()
                .setInputCol("raw").setOutputCol("point").setWithMean(true).setWithStd(true);
        DiffusionEstimator estimator = small(new DiffusionEstimator()).setFeaturesCol("point");
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, estimator}).fit(table());
        String path = dir.resolve("pipeline").toString();
        fitted.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        DiffusionModel model = (DiffusionModel) loaded.stages()[2];
        assertEquals(List.of("point_0", "point_1"), model.learnedColumns());
        List<Row> samples = model.sample(300).collectAsList();
        assertEquals(300, samples.size());
        assertEquals(2, ((Vector) samples.get(0).get(0)).size());
        assertEquals(((DiffusionModel) fitted.stages()[2]).sample(300).collectAsList(), samples);
        Dataset<Row> scored = loaded.transform(table().limit(50));
        assertTrue(List.of(scored.columns()).containsAll(List.of("x", "y", "raw", "point", "log_likelihood")));
        assertEquals(50, scored.filter("log_likelihood IS NOT NULL").count());
    }

    @Test
    void trainValidationSplitPicksTheBetterLearningRateByHeldOutLikelihood() {
        DiffusionEstimator estimator = small(new DiffusionEstimator()).setInputCols(new String[] {"x", "y"});
        // 1e-5 barely moves the network in 100 steps; 1e-2 learns the ring's scale
        ParamMap[] grid = new ParamGridBuilder().addGrid(
                (org.apache.spark.ml.param.DoubleParam) (org.apache.spark.ml.param.Param<?>) estimator.setting("train.lr"), new double[] {1e-5, 1e-2})
                .build();
        DiffusionEvaluator evaluator = new DiffusionEvaluator();
        assertFalse(evaluator.isLargerBetter());
        TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(estimator).setEvaluator(evaluator)
                .setEstimatorParamMaps(grid).setTrainRatio(0.8).setSeed(3).fit(table().limit(1500));
        double[] nll = tvs.validationMetrics();
        assertTrue(nll[1] < nll[0], "validation NLL per lr (1e-5, 1e-2): " + java.util.Arrays.toString(nll));
        DiffusionModel best = (DiffusionModel) tvs.bestModel();
        assertEquals(1e-2, (double) best.getOrDefault(best.setting("train.lr")), 0.0);
    }

    @Test
    void everySettingIsAParamWithTheConfigsDefaultDocAndCheck() {
        DiffusionEstimator e = new DiffusionEstimator();
        assertEquals(20000, (int) e.getOrDefault(e.setting("train.steps")));
        assertEquals(1e-3, (double) e.getOrDefault(e.setting("train.lr")), 0.0);
        assertEquals("sde-dpm-solver++", e.getOrDefault(e.setting("sample.method")));
        assertTrue(e.explainParams().contains("train.lr: Training: steps"), e.explainParams());
        assertFalse(e.hasParam("data.path"), "the DataFrame says where the data is");

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> e.setSetting("train.lr", -1));
        assertTrue(negative.getMessage().contains("parameter train.lr given invalid value -1.0"), negative.getMessage());
        IllegalArgumentException choice = assertThrows(IllegalArgumentException.class,
                () -> e.setSetting("sample.method", "ancestral"));
        assertTrue(choice.getMessage().contains("parameter sample.method given invalid value ancestral"),
                choice.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> e.setSetting("train.setps", 5));
        assertTrue(unknown.getMessage().startsWith("no setting train.setps"), unknown.getMessage());
    }

    @Test
    void badColumnsAndFoldersAreNamedAndNothingIsWritten() throws Exception {
        DiffusionEstimator e = small(new DiffusionEstimator());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> e.copy(new ParamMap()).setInputCols(new String[] {"x", "z"}).fit(table()));
        assertEquals("inputCols: no column z in the DataFrame (its columns: x, y)", missing.getMessage());

        Dataset<Row> words = table().withColumn("label", org.apache.spark.sql.functions.lit("a"));
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> e.copy(new ParamMap()).setInputCols(new String[] {"x", "label"}).fit(words));
        assertEquals("inputCols: column label is string, not numeric", text.getMessage());

        IllegalArgumentException noVector = assertThrows(IllegalArgumentException.class, () -> e.fit(table()));
        assertTrue(noVector.getMessage().startsWith("featuresCol: no column features in the DataFrame"),
                noVector.getMessage());

        java.nio.file.Path notAModel = dir.resolve("not-a-model");
        Files.createDirectories(notAModel);
        Files.writeString(notAModel.resolve("thesis.txt"), "mine");
        IllegalArgumentException folder = assertThrows(IllegalArgumentException.class,
                () -> DiffusionModel.load(notAModel.toString()));
        assertTrue(folder.getMessage().endsWith("not a saved DiffusionModel (it needs metadata/ and a complete model/)"),
                folder.getMessage());
        try (var files = Files.list(notAModel)) {
            assertEquals(List.of(notAModel.resolve("thesis.txt")), files.toList(), "nothing written");
        }

        DiffusionModel model = e.copy(new ParamMap()).setInputCols(new String[] {"x", "y"}).fit(table());
        IllegalArgumentException trained = assertThrows(IllegalArgumentException.class,
                () -> model.setSetting("model.width", 8));
        assertTrue(trained.getMessage().startsWith("model.width: decided by training"), trained.getMessage());
    }

    @Test
    void transformGivesNullForANonFiniteOrNullCoordinateAndFinishesPromptly() {
        Object[][] values = {{0.9, 0.1}, {Double.NaN, 0.5}, {1.0, Double.POSITIVE_INFINITY},
                {Double.NEGATIVE_INFINITY, 0.0}, {null, 0.2}, {0.0, -1.0}};
        // before, the NaN row's solve never ended; 10 minutes bounds six rows on a busy 2-core machine many times over
        List<Row> scored = assertTimeoutPreemptively(java.time.Duration.ofMinutes(10),
                () -> xyModel().transform(points(values)).orderBy("id").collectAsList());
        for (int i = 0; i < values.length; i++) {
            boolean finite = i == 0 || i == values.length - 1;
            assertEquals(finite, !scored.get(i).isNullAt(3), "row " + i + ": " + scored.get(i));
            if (finite) {
                assertTrue(Double.isFinite(scored.get(i).getDouble(3)), scored.get(i).toString());
            }
        }
        // the evaluator leaves the null rows out
        assertTrue(Double.isFinite(new DiffusionEvaluator().evaluate(xyModel().transform(points(values)))));
    }

    @Test
    void fitRefusesVectorsOfMixedSizesNamingThemBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small(new DiffusionEstimator())
                .fit(vectors(new double[] {1, 0, 0}, new double[] {0, 1}, new double[] {-1, 0})));
        assertEquals("featuresCol: column features holds vectors of sizes 2 to 3; a model learns points of one size, "
                + "so give every row a vector of the same size", e.getMessage());
    }

    @Test
    void transformAndEvaluateRefuseVectorsOfAnotherSizeNamingBothSizes() {
        DiffusionModel model = vectorModel();
        assertEquals(List.of("features_0", "features_1"), model.learnedColumns());
        String expected = "featuresCol: a vector of size %d in column features, but the model was fitted on vectors "
                + "of size 2";
        // no size metadata: each row is checked as it is read (before, 3 entries lost the third silently and 1 entry
        // gave null on every row)
        for (double[][] rows : new double[][][] {{{0.9, 0.1, 0.0}}, {{0.9}}, {{0.9, 0.1}, {0.0, 1.0, 0.0}}}) {
            int size = rows[rows.length - 1].length;
            String message = failure(() -> model.transform(vectors(rows)).collectAsList());
            assertTrue(message.contains(String.format(expected, size)), message);
        }
        // size metadata (VectorAssembler's): refused as transform is called, before any job
        Dataset<Row> threeD = new VectorAssembler().setInputCols(new String[] {"x", "y", "x"}).setOutputCol("features")
                .transform(table().limit(10));
        IllegalArgumentException eager = assertThrows(IllegalArgumentException.class, () -> model.transform(threeD));
        assertEquals("featuresCol: column features holds vectors of size 3, but the model was fitted on vectors of "
                + "size 2", eager.getMessage());
        IllegalArgumentException evaluated = assertThrows(IllegalArgumentException.class,
                () -> model.evaluate(vectors(new double[] {0.9, 0.1}, new double[] {0.1, 0.9, 0.0})));
        assertEquals("featuresCol: column features holds vectors of size 2 to 3, but the model was fitted on vectors "
                + "of size 2", evaluated.getMessage());

        // the right size scores; a null vector gets the documented null
        List<Row> scored = model.transform(vectors(new double[] {0.9, 0.1}, null)).orderBy("id").collectAsList();
        assertTrue(Double.isFinite(scored.get(0).getDouble(2)), scored.toString());
        assertTrue(scored.get(1).isNullAt(2), scored.toString());
    }

    @Test
    void aModelGivenAnotherNumberOfInputColsRefusesItNamingBoth() {
        DiffusionModel model = xyModel().copy(new ParamMap().put(xyModel().getParam("inputCols"),
                new String[] {"x", "y", "x"}));
        String expected = "inputCols: 3 columns (x, y, x), but the model was fitted on points of 2 coordinates";
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> model.transform(table()))
                .getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> model.sample(10)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> model.evaluate(table())).getMessage());
    }

    @Test
    void evaluateLeavesOutRowsWithANonFiniteCoordinate() {
        Dataset<Row> withBad = table().limit(600).union(points(new Object[][] {{Double.POSITIVE_INFINITY, 0.0},
                {0.0, Double.NEGATIVE_INFINITY}, {Double.NaN, 1.0}}).drop("id"));
        Map<String, Object> metrics = xyModel().evaluate(withBad, 2000);
        // 600 finite rows, 3 floor draws: 150 evaluation points, as for 600 rows alone
        assertEquals(150, ((Number) metrics.get("eval_points")).intValue(), metrics.toString());
        metrics.forEach((k, v) -> assertTrue(!(v instanceof Double d) || Double.isFinite(d), k + " = " + v));
    }

    /** A copy of the saved model at {@code saved} whose metadata file is {@code edit} of the original's text. */
    private String editedCopy(java.nio.file.Path saved, String name, java.util.function.UnaryOperator<String> edit)
            throws java.io.IOException {
        java.nio.file.Path copy = dir.resolve(name);
        try (var files = Files.walk(saved)) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Path to = copy.resolve(saved.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (!f.getFileName().toString().endsWith(".crc")) { // a hand edit leaves no valid checksum
                    Files.copy(f, to);
                }
            }
        }
        java.nio.file.Path metadata = copy.resolve("metadata/part-00000");
        Files.writeString(metadata, edit.apply(Files.readString(metadata)));
        return copy.toString();
    }

    @Test
    void savedMetadataThatDoesNotDescribeItsModelIsRefusedAtLoadNamingTheKeyAndTheModelsValue() throws Exception {
        java.nio.file.Path saved = dir.resolve("to-edit");
        xyModel().write().save(saved.toString());
        String metadata = Files.readString(saved.resolve("metadata/part-00000"));
        assertTrue(metadata.contains("\"model.width\":16"), metadata);

        String wide = editedCopy(saved, "edited-width", m -> m.replace("\"model.width\":16", "\"model.width\":999"));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> DiffusionModel.load(wide));
        assertEquals(wide + "/metadata: model.width = 999, but the model in " + wide + "/model has model.width = 16; "
                + "metadata does not describe the model saved with it (edited, or from another model)",
                width.getMessage());

        String xyz = editedCopy(saved, "edited-columns", m -> m.replace("\"inputCols\":[\"x\",\"y\"]",
                "\"inputCols\":[\"x\",\"y\",\"z\"]"));
        IllegalArgumentException columns = assertThrows(IllegalArgumentException.class, () -> DiffusionModel.load(xyz));
        assertEquals(xyz + "/metadata: inputCols: 3 columns (x, y, z), but the model was fitted on points of 2 "
                + "coordinates", columns.getMessage());

        String cut = editedCopy(saved, "truncated", m -> m.substring(0, m.length() / 2));
        IllegalArgumentException unreadable = assertThrows(IllegalArgumentException.class,
                () -> DiffusionModel.load(cut));
        assertTrue(unreadable.getMessage().startsWith(cut + "/metadata: cannot be read as a DiffusionModel's Spark ML "
                + "metadata ("), unreadable.getMessage());

        // the saved model itself, untouched, loads
        assertEquals(xyModel().learnedColumns(), DiffusionModel.load(saved.toString()).learnedColumns());
    }
}
