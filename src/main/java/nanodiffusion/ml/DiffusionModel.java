package nanodiffusion.ml;

import nanodiffusion.config.LogSnrBand;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.Settings;
import nanodiffusion.data.Standardization;
import nanodiffusion.eval.HeldOutQuality;
import nanodiffusion.eval.PointCloud;
import nanodiffusion.io.OneLine;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.SampleTable;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ModelStore;
import nanodiffusion.sample.SparkLikelihood;
import nanodiffusion.sample.SparkSampler;
import nanodiffusion.table.InvalidValues;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fitted score-based diffusion model. {@link #sample(long)} draws points as a DataFrame in the fitted columns
 * (the command line's distributed sampler: every {@code sample.*} setting is a Param); {@link #transform} adds the
 * log-density of each row under the model (probability-flow ODE; nats, in the columns' units) as
 * {@code logLikelihoodCol}; {@link #evaluate} scores samples against a DataFrame of true points with the
 * evaluation stage's metrics and their floors.
 *
 * <p>Saved by {@code write().save(path)} as Spark ML metadata ({@code path/metadata}, the Params) and the command
 * line's model folder ({@code path/model}: network, EMA, standardisation, checksums), read by
 * {@link #load(String)} and by {@code PipelineModel.load}; {@code sample --out path --set data.source=table} reads the
 * saved folder too, and {@link #fromRun} reads a command-line run of a table.
 */
public final class DiffusionModel extends Model<DiffusionModel>
        implements MLWritable, SamplingSettings<DiffusionModel> {
    private static final long serialVersionUID = 1L;
    /** Settings a fitted model may change: how it samples and evaluates, and the seed of those draws. */
    private static final List<String> CHANGEABLE_AFTER_FIT = List.of("sample.", "eval.", "seed");

    private final String uid;
    private final SettingParams settings;
    private final ColumnParams columns;
    private final Param<String> logLikelihoodCol;
    private final List<String> learned;
    private FittedNetwork fitted; // set once, by the estimator or the reader
    // sample.schedule = profile's band, measured once per setting of the model (not per sample or transform call)
    private transient Map<RunConfig, Optional<LogSnrBand>> measuredBands;

    DiffusionModel(String uid, FittedNetwork fitted, List<String> learned) {
        this.uid = uid;
        this.fitted = fitted;
        this.learned = List.copyOf(learned);
        this.settings = new SettingParams(this);
        this.columns = new ColumnParams(this);
        this.logLikelihoodCol = new Param<>(uid, "logLikelihoodCol", "output column of transform: each row's "
                + "log-density under the model (nats, in the columns' units)");
        setDefault(logLikelihoodCol, "log_likelihood");
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<?>[] params() {
        List<Param<?>> all = new ArrayList<>(columns.all());
        all.add(logLikelihoodCol);
        all.addAll(settings.all());
        return all.toArray(Param<?>[]::new);
    }

    /** Sets a sampling or evaluation setting ({@code sample.*}, {@code eval.*}, {@code seed}) by its config key. */
    @Override
    public DiffusionModel setSetting(String key, Object value) {
        if (CHANGEABLE_AFTER_FIT.stream().noneMatch(key::startsWith)) {
            settings.param(key); // an unknown key is named as such
            throw new IllegalArgumentException(key + ": decided by training; only sample.*, eval.* and seed can be "
                    + "set on a fitted model (fit again to change " + key + ")");
        }
        settings.set(this, key, value);
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Param<T> setting(String key) {
        return (Param<T>) settings.param(key);
    }

    public DiffusionModel setLogLikelihoodCol(String value) {
        set(logLikelihoodCol, value);
        return this;
    }

    /** What training produced (for tests: the network's parameters). */
    FittedNetwork fitted() {
        return fitted;
    }

    /** The columns the model learned (inputCols, or featuresCol_0 .. for a vector column). */
    public List<String> learnedColumns() {
        return learned;
    }

    /** The settings this model samples and evaluates with, as the command line would read them. */
    public RunConfig config() {
        return settings.config(this, learned, List.of());
    }

    /**
     * {@code n} samples as a DataFrame of the fitted columns (inputCols, or the vector featuresCol), drawn by the
     * distributed sampler with this model's {@code sample.*} settings and seed; lazy, as any DataFrame.
     */
    public Dataset<Row> sample(long n) {
        return columns.of(this).shape(draw(n), learned);
    }

    /** The sampler's rows: sample_id and one DOUBLE column per learned column. */
    private Dataset<Row> draw(long n) {
        RunConfig base = config();
        long blocks = (n + base.sample().batchSize() - 1) / base.sample().batchSize();
        int partitions = (int) Math.max(1, Math.min(base.sample().partitions(), blocks)); // at most one per block
        RunConfig c = settings.config(this, learned, List.of(Settings.SAMPLE_COUNT.override(n),
                Settings.SAMPLE_PARTITIONS.override(partitions)));
        SparkSampler sampler = new SparkSampler(SparkSession.active(), c);
        MultiLayerNetwork network = fitted.forSampling(c.sample().weights());
        // base, not c: the band does not depend on the count and partitions of one draw
        Optional<LogSnrBand> band = measuredBands().computeIfAbsent(base, k -> sampler.measuredBand(network));
        return sampler.draw(network, fitted.standardization(), band).rows();
    }

    /** The bands measured so far, one per setting of the model (for tests: how often the profile was measured). */
    synchronized Map<RunConfig, Optional<LogSnrBand>> measuredBands() {
        if (measuredBands == null) { // transient: none after deserialisation
            measuredBands = new java.util.concurrent.ConcurrentHashMap<>();
        }
        return measuredBands;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        columns.of(this).check(schema);
        columns.of(this).requireFitted(schema, learned.size());
        String out = getOrDefault(logLikelihoodCol);
        if (java.util.Arrays.asList(schema.fieldNames()).contains(out)) {
            throw new IllegalArgumentException("logLikelihoodCol: the DataFrame already has a column " + out
                    + "; set logLikelihoodCol to another name");
        }
        return schema.add(out, DataTypes.DoubleType, true);
    }

    /**
     * {@code dataset} with {@code logLikelihoodCol}: each row's log-density under the model; null for a point with a
     * null, NaN or infinite coordinate (its density is undefined).
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        RunConfig c = config();
        return new SparkLikelihood(JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()), c)
                .withLogLikelihood(dataset.toDF(), columns.of(this).coordinates(learned.size()),
                        getOrDefault(logLikelihoodCol), fitted.forSampling(c.sample().weights()), fitted.standardization());
    }

    /**
     * The evaluation stage's metrics of this model against {@code truth}'s points (rows with a null, NaN or infinite
     * coordinate left out; in a seeded random order, at most {@code maxRows} of them reach the driver): sliced W1,
     * energy distance and W1 per column, each with its floor (the same metric between disjoint draws of true rows)
     * and their ratio; ratios near 1 cannot be bettered. Vectors of another size than the model's are refused.
     */
    public Map<String, Object> evaluate(Dataset<?> truth, int maxRows) {
        columns.of(this).check(truth.schema());
        columns.of(this).requireFittedSizes(truth, learned.size());
        RunConfig c = config();
        int draws = c.eval().floorDraws();
        List<Row> rows = InvalidValues.validRows(columns.of(this).expand(truth, learned.size()))
                .orderBy(functions.rand(c.seed())).limit(maxRows).collectAsList();
        PointCloud heldOut = cloud(rows);
        long n = Math.max(2, (long) draws * heldOut.size() / (draws + 1));
        PointCloud drawn = cloud(draw(n).drop(SampleTable.ID).collectAsList()); // no vector round trip
        Standardization st = fitted.standardization().orElse(Standardization.identity(learned.size()));
        return new LinkedHashMap<>(new HeldOutQuality(learned, st, c.eval().directions(), draws).evaluate(drawn, heldOut));
    }

    /** {@link #evaluate(Dataset, int)} with at most 200,000 true rows. */
    public Map<String, Object> evaluate(Dataset<?> truth) {
        return evaluate(truth, 200_000);
    }

    private PointCloud cloud(List<Row> rows) {
        double[][] cols = new double[learned.size()][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int d = 0; d < cols.length; d++) {
                cols[d][i] = rows.get(i).getDouble(d);
            }
        }
        return new PointCloud(cols);
    }

    @Override
    public DiffusionModel copy(ParamMap extra) {
        DiffusionModel copy = copyValues(new DiffusionModel(uid, fitted, learned), extra);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<DiffusionModel> read() {
        return new Reader();
    }

    public static DiffusionModel load(String path) {
        return read().load(path);
    }

    /**
     * The model a command-line run trained on a table ({@code train --out OUT} with data.source = table): OUT/model
     * with the settings OUT/run.json records, the learned columns as inputCols. A run of a generated source (the
     * ring, the toy densities) has no columns to map a DataFrame to and is refused.
     */
    public static DiffusionModel fromRun(String out) {
        SparkSession spark = SparkSession.active();
        Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
        RunLayout layout = RunLayout.of(out);
        Path modelDir = layout.model();
        Path runJson = layout.runJson();
        if (!storage.exists(layout.modelCommitted()) || !storage.exists(runJson)) {
            throw new IllegalArgumentException(out + ": not a train --out folder (it needs run.json and a complete "
                    + "model/)");
        }
        List<String> learned = new ModelStore(storage).recordedColumns(modelDir);
        if (learned.isEmpty()) {
            throw new IllegalArgumentException(out + ": trained on a generated source, not a table; a DiffusionModel "
                    + "maps a DataFrame's columns, so train it on a table (data.source = table) or with DiffusionEstimator");
        }
        DiffusionModel model = new DiffusionModel(Identifiable.randomUID("diffusion"), null, learned);
        var config = new nanodiffusion.io.JsonFiles(storage).readObject(runJson).get("config");
        config.fields().forEachRemaining(e -> {
            if (model.hasParam(e.getKey()) && !e.getValue().isNull()) {
                model.settings.set(model, e.getKey(), e.getValue().asText());
            }
        });
        model.set(model.columns.inputCols, learned.toArray(String[]::new));
        model.fitted = FittedNetwork.read(storage, modelDir, model.config(), runJson);
        return model;
    }

    /** Writes the Params as Spark ML metadata and the network as the command line's model folder. */
    private static final class Writer extends MLWriter {
        private final DiffusionModel instance;

        Writer(DiffusionModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sc(), scala.Option.empty(), scala.Option.empty());
            instance.fitted.write(new Storage(sc().hadoopConfiguration()), new Path(path, RunLayout.MODEL), instance.config());
        }
    }

    /**
     * Reads what {@link Writer} wrote; a folder that is not a saved model is named as such, and metadata that cannot
     * be read or does not describe the model folder beside it (its columns, network and parametrisation) is refused
     * naming it.
     */
    private static final class Reader extends MLReader<DiffusionModel> {
        @Override
        public DiffusionModel load(String path) {
            Storage storage = new Storage(sc().hadoopConfiguration());
            Path modelDir = new Path(path, RunLayout.MODEL);
            Path metadataDir = new Path(path, "metadata");
            if (!storage.exists(metadataDir) || !storage.exists(new Path(modelDir, ModelStore.COMPLETE))) {
                throw new IllegalArgumentException(path + ": not a saved DiffusionModel (it needs metadata/ and a "
                        + "complete model/)");
            }
            List<String> learned = new ModelStore(storage).recordedColumns(modelDir);
            DiffusionModel model = withParams(path, metadataDir, learned);
            RunConfig config;
            try {
                model.columns.of(model).requireFitted(learned.size());
                config = model.config();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(metadataDir + ": " + e.getMessage(), e);
            }
            model.fitted = FittedNetwork.read(storage, modelDir, config, metadataDir);
            return model;
        }

        /** A model of the {@code learned} columns with the Params the metadata records, or an error naming it. */
        private DiffusionModel withParams(String path, Path metadataDir, List<String> learned) {
            try {
                DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(),
                        DiffusionModel.class.getName());
                DiffusionModel model = new DiffusionModel(metadata.uid(), null, learned);
                metadata.getAndSetParams(model, scala.Option.empty());
                return model;
            } catch (Exception e) { // Spark's reader throws Jackson's checked parse errors undeclared, among others
                throw new IllegalArgumentException(metadataDir + ": cannot be read as a DiffusionModel's Spark ML "
                        + "metadata (" + OneLine.of(e.getMessage()) + ")", e);
            }
        }
    }
}
