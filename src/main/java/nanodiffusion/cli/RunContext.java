package nanodiffusion.cli;

import nanodiffusion.config.RunConfig;
import nanodiffusion.io.BuildInfo;
import nanodiffusion.io.JsonFiles;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.Storage;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/** What every stage of one command needs: the config, the output folder, file access and the Spark session. */
final class RunContext implements AutoCloseable {
    final RunConfig config;
    final RunLayout layout;
    final boolean overwrite;
    final SparkSession spark;
    final Storage storage;
    final JsonFiles json;

    RunContext(RunConfig config, RunLayout layout, boolean overwrite, String command) {
        this.config = config;
        this.layout = layout;
        this.overwrite = overwrite;
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // run outside spark-submit: Spark local mode on every core
        }
        this.spark = SparkSession.builder().config(conf).appName("nano-diffusion " + command).getOrCreate();
        this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
        this.json = new JsonFiles(storage);
    }

    /** Refuses to replace an existing output unless --overwrite was given. */
    void requireFreeOrOverwrite(Path output) {
        if (!overwrite && storage.exists(output)) {
            throw new UserError(output + " already exists; pass --overwrite to replace it");
        }
    }

    void requireExists(Path input, String hint) {
        if (!storage.exists(input)) {
            throw new UserError(input + " not found; " + hint);
        }
    }

    /** Adds this command's section to run.json, with the full config, seed, versions and commit at the top. */
    void record(String section, Map<String, Object> values) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("config", config.asFlatMap());
        top.put("seed", config.seed());
        top.put("versions", BuildInfo.versions(spark.version()));
        top.put("git_commit", BuildInfo.gitCommit());
        json.updateSection(layout.runJson(), top, section, values);
    }

    @Override
    public void close() {
        spark.stop();
    }
}
