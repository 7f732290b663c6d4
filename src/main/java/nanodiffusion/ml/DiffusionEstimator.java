package nanodiffusion.ml;

import nanodiffusion.config.RunConfig;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.Storage;
import nanodiffusion.pipeline.RunContext;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.pipeline.TrainStage;
import nanodiffusion.pipeline.TrainingRun;
import nanodiffusion.train.StopRule;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A score-based diffusion model as a Spark ML estimator: {@code fit} trains the score network on a DataFrame's
 * points with the same distributed training as the command line's {@code train} (the table's rows keyed and split
 * over the workers by their content, DL4J parameter averaging, checkpoints) and returns a {@link DiffusionModel}.
 *
 * <p>Every setting of the config file is a Param named as its key ({@code train.steps}, {@code train.lr},
 * {@code model.width}, ...; {@link #explainParams()} lists them with their docs and defaults), set with
 * {@link #setSetting}, and the most tuned also by typed setters and getters ({@link #setSteps}, {@link #setBatchSize},
 * {@link #setLearningRate}, {@link #setWidth}, {@link #setDepth}, {@link #setSampler}, {@link #setSampleSteps},
 * {@link #setSeed}); the points are the numeric {@code inputCols} or the vector column {@code featuresCol}.
 * {@code checkpointDir} (any Hadoop path) keeps the checkpoints, loss.csv and run.json of the fit; a fit that finds
 * an unfinished fit's checkpoints there with the same settings resumes from the newest. Empty (the default): the
 * fit writes no file, and its network goes from the training loop to the model in memory.
 */
public final class DiffusionEstimator extends Estimator<DiffusionModel>
        implements DefaultParamsWritable, TrainingSettings<DiffusionEstimator> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DiffusionEstimator.class);

    private final String uid;
    private final SettingParams settings;
    private final ColumnParams columns;
    private final Param<String> checkpointDir;

    public DiffusionEstimator() {
        this(Identifiable.randomUID("diffusion"));
    }

    public DiffusionEstimator(String uid) {
        this.uid = uid;
        this.settings = new SettingParams(this);
        this.columns = new ColumnParams(this);
        this.checkpointDir = new Param<>(uid, "checkpointDir", "folder (any Hadoop path) for the fit's checkpoints, "
                + "loss.csv and run.json; empty: no files, the fit is kept in memory");
        setDefault(checkpointDir, "");
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<?>[] params() {
        List<Param<?>> all = new ArrayList<>(columns.all());
        all.add(checkpointDir);
        all.addAll(settings.all());
        return all.toArray(Param<?>[]::new);
    }

    /** Sets one setting by its config key, e.g. {@code setSetting("train.steps", 2000)}. */
    @Override
    public DiffusionEstimator setSetting(String key, Object value) {
        settings.set(this, key, value);
        return this;
    }

    /** The Param of a setting, e.g. for {@code ParamGridBuilder.addGrid(est.setting("train.lr"), ...)}. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> Param<T> setting(String key) {
        return (Param<T>) settings.param(key);
    }

    public DiffusionEstimator setFeaturesCol(String value) {
        set(columns.featuresCol, value);
        return this;
    }

    public DiffusionEstimator setInputCols(String[] value) {
        set(columns.inputCols, value);
        return this;
    }

    public DiffusionEstimator setCheckpointDir(String value) {
        set(checkpointDir, value);
        return this;
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        columns.of(this).check(schema);
        return schema;
    }

    @Override
    public DiffusionModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        InputColumns input = columns.of(this);
        int dim = input.dim(dataset);
        List<String> learned = input.learned(dim);
        RunConfig config = settings.config(this, learned, List.of());
        Dataset<Row> frame = input.expand(dataset, dim);
        String given = getOrDefault(checkpointDir);
        FittedNetwork fitted = given.isEmpty() ? inMemory(dataset.sparkSession(), config, frame)
                : inFolder(dataset.sparkSession(), config, frame, given);
        DiffusionModel model = new DiffusionModel(uid, fitted, learned);
        copyValues(model, ParamMap.empty());
        model.setParent(this);
        return model;
    }

    /** Trains with no checkpoints and keeps the network in memory. */
    private FittedNetwork inMemory(SparkSession spark, RunConfig config, Dataset<Row> frame) {
        TrainingRun trained = TrainingRun.train(spark, config, Optional.of(frame), Optional.empty(), StopRule.never(),
                "fit again");
        LOG.info("fit of {}: trained steps {}-{} in {}s", uid, trained.fromStep(), trained.reached(),
                String.format("%.1f", trained.seconds()));
        return new FittedNetwork(trained.network(), trained.ema().map(ExponentialAverage::value),
                trained.standardization());
    }

    /**
     * Trains as the train command does into {@code folder} (checkpoints, loss.csv, run.json and the model folder),
     * resuming an unfinished fit found there, and reads the model back.
     */
    private FittedNetwork inFolder(SparkSession spark, RunConfig config, Dataset<Row> frame, String folder) {
        Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
        RunLayout layout = RunLayout.of(folder);
        boolean resume = !storage.exists(layout.modelCommitted()) && storage.exists(layout.checkpoints());
        try (RunContext ctx = RunContext.inSession(spark, config, layout, "fit of " + uid,
                "fit again with the same checkpointDir: it resumes from it", frame)) {
            TrainStage.run(ctx, resume);
            return FittedNetwork.read(ctx.storage, ctx.layout.model(), config, ctx.layout.runJson());
        }
    }

    @Override
    public DiffusionEstimator copy(ParamMap extra) {
        return (DiffusionEstimator) defaultCopy(extra);
    }

    public static MLReader<DiffusionEstimator> read() {
        return new DefaultParamsReader<>();
    }

    public static DiffusionEstimator load(String path) {
        return read().load(path);
    }
}
