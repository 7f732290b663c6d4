package nanodiffusion.config;

import java.util.LinkedHashMap;
import java.util.Map;

import static nanodiffusion.config.Settings.DATA_DIM;
import static nanodiffusion.config.Settings.EVAL_GROUPS;
import static nanodiffusion.config.Settings.MODEL_WIDTH;
import static nanodiffusion.config.Settings.SAMPLE_COUNT;
import static nanodiffusion.config.Settings.SAMPLE_DT;
import static nanodiffusion.config.Settings.SAMPLE_PARTITIONS;
import static nanodiffusion.config.Settings.SAMPLE_WEIGHTS;
import static nanodiffusion.config.Settings.SEED;
import static nanodiffusion.config.Settings.TRAIN_BATCH_SIZE;

/** Every setting of a run, validated as a whole: each stage's record plus the checks that span stages. */
public record RunConfig(long seed, DataConfig data, SdeConfig sde, ModelConfig model, TrainConfig train,
                        SampleConfig sample, EvalConfig eval, StallConfig stall) implements java.io.Serializable {
    /** Steps whose count differs from a whole number by less than this are taken as whole (T/dt in floating point). */
    private static final double WHOLE_STEPS_TOLERANCE = 1e-6;

    public RunConfig {
        ConfigError.require(sample.dt() <= sde.T(), SAMPLE_DT, sample.dt(), "must be <= sde.T (" + sde.T() + ")");
        double steps = sde.T() / sample.dt();
        ConfigError.require(Math.abs(steps - Math.rint(steps)) < WHOLE_STEPS_TOLERANCE * steps, SAMPLE_DT, sample.dt(),
                "sde.T / sample.dt must be a whole number of steps (got " + steps + ")");
        ConfigError.require(sample.weights() == WeightsKind.RAW || train.hasEma(), SAMPLE_WEIGHTS, "ema",
                "needs train.emaDecay > 0; set sample.weights = raw to sample without an average");
        ConfigError.require(sample.count() <= sample.maxCount(), SAMPLE_COUNT, sample.count(), "is above "
                + "sample.maxCount (" + sample.maxCount() + "); raise sample.maxCount to sample that many on purpose");
        ConfigError.require(sample.partitions() <= sample.blocks(), SAMPLE_PARTITIONS, sample.partitions(),
                "must be <= the number of sample blocks (" + sample.blocks() + " = sample.count " + sample.count()
                        + " / sample.batchSize " + sample.batchSize() + ", rounded up)");
        ConfigError.require(sample.count() % eval.groups() == 0, EVAL_GROUPS, eval.groups(),
                "must divide sample.count (" + sample.count() + ") into equal groups");
        ConfigError.require(eval.groups() == 1 || data.source() != DataSourceKind.TABLE, EVAL_GROUPS, eval.groups(),
                "applies to generated sources; a table's metrics are already a mean over eval.floorDraws draws of its "
                        + "held-out rows, so leave it at 1");
        requireMemoryFor(data.dim(), model.width(), sample.batchSize());
        requireNetworkFits(model, data.dim(), train.batchSize());
    }

    /** Copies of the parameters training holds (parameters, gradient, two Adam moments, the EMA). */
    private static final int PARAMETER_COPIES = 5;
    /** Activation-sized arrays per layer in a training step (outputs, pre-activations, deltas). */
    private static final int ACTIVATION_COPIES = 3;

    /**
     * Refuses a network or batch that would not fit in half of this JVM's heap before Spark starts, naming the key
     * that makes it large: the parameters (model.width) or the activations of one step (train.batchSize).
     */
    private static void requireNetworkFits(ModelConfig model, int dim, int batch) {
        double heap = Runtime.getRuntime().maxMemory();
        double w = model.width();
        double parameters = (model.depth() - 2.0) * w * w + (model.depth() - 1.0) * w; // the hidden layers
        double parameterBytes = PARAMETER_COPIES * parameters * Float.BYTES;
        ConfigError.require(parameters < Integer.MAX_VALUE && parameterBytes <= heap / 2, MODEL_WIDTH, model.width(),
                String.format("hidden layers of %.3g parameters need about %.1f GB (%d copies), more than half of this "
                        + "JVM's %.1f GB heap; lower model.width or model.depth", parameters,
                        parameterBytes / 1e9, PARAMETER_COPIES, heap / 1e9));
        double activations = (double) batch * Math.max(w, dim + 1.0) * model.depth();
        double activationBytes = ACTIVATION_COPIES * activations * Float.BYTES;
        ConfigError.require(activations < Integer.MAX_VALUE && activationBytes <= heap / 2, TRAIN_BATCH_SIZE, batch,
                String.format("one step's activations (%d rows x %d units x %d layers) need about %.1f GB, more than "
                        + "half of this JVM's %.1f GB heap; lower train.batchSize or use more workers", batch,
                        model.width(), model.depth(), activationBytes / 1e9, heap / 1e9));
    }

    /** Arrays of sample.batchSize x data.dim doubles a sampling block holds at once (RK4: x, four stages, a sum). */
    private static final int SAMPLING_ARRAYS = 6;

    /**
     * Refuses a dimension whose sampling block, or whose input and output layers, would not fit in half of this
     * JVM's heap (in local mode the executors' heap too; on a cluster executors are usually given at least as much).
     */
    private static void requireMemoryFor(int dim, int width, int sampleBatch) {
        double heap = Runtime.getRuntime().maxMemory();
        requireFits((double) SAMPLING_ARRAYS * sampleBatch * dim * Double.BYTES, heap, dim,
                "a sampling block of sample.batchSize " + sampleBatch + " points", "sample.batchSize");
        requireFits((double) PARAMETER_COPIES * (2.0 * dim + 1) * width * Float.BYTES, heap, dim,
                "the network's input and output layers (" + width + " units each side)", "model.width");
    }

    private static void requireFits(double bytes, double heap, int dim, String what, String smaller) {
        ConfigError.require(bytes <= heap / 2, DATA_DIM, dim, String.format("%s needs about %.1f GB, more than half "
                + "of this JVM's %.1f GB heap; lower data.dim or %s", what, bytes / 1e9, heap / 1e9, smaller));
    }

    /** Keys whose change alters the model being trained or its data: a checkpoint only resumes under equal values. */
    public static final java.util.List<String> TRAINING_IDENTITY = Settings.trainingIdentity();

    /** Identity keys that checkpoints of earlier versions do not record, with the only value those versions had. */
    public static final Map<String, Object> IDENTITY_UNRECORDED_EARLIER = Settings.identityUnrecordedEarlier();

    /** Every setting, read from {@code s} record by record (a record checks its own before the next is read). */
    static RunConfig read(SettingSource s) {
        return new RunConfig(s.get(SEED), DataConfig.read(s), SdeConfig.read(s), ModelConfig.read(s), TrainConfig.read(s),
                SampleConfig.read(s), EvalConfig.read(s), StallConfig.read(s));
    }

    /** The same settings with other data (a table's resolved columns). */
    public RunConfig withData(DataConfig other) {
        return new RunConfig(seed, other, sde, model, train, sample, eval, stall);
    }

    /** The same settings with another network. */
    public RunConfig withModel(ModelConfig other) {
        return new RunConfig(seed, data, sde, other, train, sample, eval, stall);
    }

    /** The reverse-SDE step count N = T / dt. */
    public int sampleSteps() {
        return (int) Math.rint(sde.T() / sample.dt());
    }

    /** The settings as key = value, with exactly the key names the loader reads, in {@link Settings}' order. */
    public Map<String, Object> asFlatMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Setting<?> s : Settings.ALL) {
            m.put(s.key(), s.plainValueIn(this));
        }
        return m;
    }
}
