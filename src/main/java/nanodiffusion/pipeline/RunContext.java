package nanodiffusion.pipeline;

import nanodiffusion.config.RunConfig;
import nanodiffusion.hardware.NativeMathPlugin;
import nanodiffusion.io.JsonFiles;
import nanodiffusion.io.RunFolder;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.StaleOutputs;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.TrainedWith;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Map;

/** What every stage of one command needs: the config, the output folder, file access and the Spark session. */
public final class RunContext implements AutoCloseable {
    public final RunConfig config;
    public final RunLayout layout;
    public final boolean overwrite;
    public final SparkSession spark;
    public final Storage storage;
    public final JsonFiles json;
    public final Provenance provenance;

    private final boolean ownsSpark;
    private final String resumeAdvice;
    private final Dataset<Row> frame; // data.source = table given as a DataFrame (the Spark ML estimator), else null
    private final RunFolder folder;

    public RunContext(RunConfig config, RunLayout layout, boolean overwrite, String command) {
        this(config, layout, overwrite, command, Map.of());
    }

    /** @param sparkDefaults Spark settings applied where spark-submit or system properties set nothing */
    public RunContext(RunConfig config, RunLayout layout, boolean overwrite, String command,
                      Map<String, String> sparkDefaults) {
        this(config, layout, overwrite, session(command, sparkDefaults), true, command,
                "run train --resume to continue from it", null);
    }

    /**
     * @param lockAs the command to lock the output folder for, or null to hold no lock (its parent does)
     * @param resumeAdvice how to continue from the last good checkpoint, for a failure's message
     */
    private RunContext(RunConfig config, RunLayout layout, boolean overwrite, SparkSession spark, boolean ownsSpark,
                       String lockAs, String resumeAdvice, Dataset<Row> frame) {
        this.config = config;
        this.layout = layout;
        this.overwrite = overwrite;
        this.spark = spark;
        this.ownsSpark = ownsSpark;
        this.resumeAdvice = resumeAdvice;
        this.frame = frame;
        this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
        this.json = new JsonFiles(storage);
        this.provenance = new Provenance(spark);
        try {
            this.folder = RunFolder.open(storage, layout.root(), lockAs);
        } catch (RunFolder.Refused e) {
            closeSpark();
            throw new UserError(e.getMessage());
        } catch (RuntimeException e) {
            closeSpark();
            throw e;
        }
    }

    /**
     * The Spark session of one command: spark-submit's settings, else Spark local mode on every core; {@code defaults}
     * apply where the user set nothing.
     */
    public static SparkSession session(String command, Map<String, String> defaults) {
        nanodiffusion.hardware.BlasCore.logChoice();
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // run outside spark-submit: Spark local mode on every core
        }
        defaults.forEach(conf::setIfMissing);
        NativeMathPlugin.register(conf);
        String master = conf.get("spark.master");
        SessionFailure.requireAccepted(conf);
        try {
            return SparkSession.builder().config(conf).appName("nano-diffusion " + command).getOrCreate();
        } catch (RuntimeException e) {
            SessionFailure failure = SessionFailure.classify(e, master);
            throw failure != null ? failure : e;
        }
    }

    /** A context in the same Spark session for another config and output folder (a sweep's trial); closing it keeps the session. */
    public RunContext sharing(RunConfig trialConfig, RunLayout trialLayout, boolean trialOverwrite) {
        boolean sameFolder = trialLayout.root().equals(layout.root());
        return new RunContext(trialConfig, trialLayout, trialOverwrite, spark, false,
                sameFolder ? null : "trial of " + spark.sparkContext().appName(),
                sameFolder ? resumeAdvice : "run the same sweep command again: it resumes this trial from it", frame);
    }

    /**
     * A context in the caller's Spark session (the Spark ML stages), training on {@code frame} when the config's
     * data.source is table; closing it releases the folder, never the session.
     */
    public static RunContext inSession(SparkSession spark, RunConfig config, RunLayout layout, String command,
                                       String resumeAdvice, Dataset<Row> frame) {
        return new RunContext(config, layout, true, spark, false, command, resumeAdvice, frame);
    }

    /** The table given as a DataFrame instead of data.path, if any. */
    public java.util.Optional<Dataset<Row>> frame() {
        return java.util.Optional.ofNullable(frame);
    }

    /** How to continue from the last good checkpoint: train --resume, or for a sweep's trial the sweep run again. */
    public String resumeAdvice() {
        return resumeAdvice;
    }

    /** The run's trained network as sampling and evaluation read it: sample.weights, checked against model.*. */
    public MultiLayerNetwork samplingNetwork() {
        return new ModelStore(storage).load(layout.model(), config.sample().weights(), TrainedWith.of(config));
    }

    /**
     * Refuses, unless --overwrite was given, to run {@code stage} where its output exists, or an output of a later
     * stage that its new one would make stale (samples of the model train replaces, metrics of the samples it
     * replaces).
     */
    public void requireFreeOrOverwrite(RunLayout.Stage stage) {
        if (!overwrite) {
            new StaleOutputs(storage, layout).refusal(stage).ifPresent(message -> {
                throw new UserError(message);
            });
        }
    }

    /**
     * Removes the outputs of {@code from} and of the later stages, with their run.json sections: called by a stage
     * just before it writes, so nothing made from the outputs it replaces stays beside them.
     */
    public void removeOutputsFrom(RunLayout.Stage from) {
        new StaleOutputs(storage, layout).remove(from);
    }

    public void requireExists(Path input, String hint) {
        if (!storage.exists(input)) {
            throw new UserError(input + " not found; " + hint);
        }
    }

    /** Adds {@code stage}'s section to run.json, with the full config, seed, versions and commit at the top. */
    public void record(RunLayout.Stage stage, Map<String, Object> values) {
        json.updateSection(layout.runJson(), provenance.header(config), stage.section(), values);
    }

    @Override
    public void close() {
        folder.close();
        closeSpark();
    }

    private void closeSpark() {
        if (ownsSpark) {
            spark.stop();
        }
    }
}
