package nanodiffusion.pipeline;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.SettingsText;
import nanodiffusion.io.RunFolder;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.StaleOutputs;
import nanodiffusion.io.Storage;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code train} or {@code run} would do, checked as far as it can be without starting Spark: the settings (by
 * loading them), the output folder (its file system, that it may be used, and the outputs it already holds), then
 * a plan of the stages. Writes nothing and creates nothing; a refusal is the same error the command would give.
 */
public final class DryRun {
    private DryRun() {
    }

    /**
     * @param stages the stages the command runs, in order: TRAIN, and for run also SAMPLE and EVALUATE
     */
    public static String plan(RunConfig config, RunLayout layout, boolean overwrite, boolean resume,
                              List<RunLayout.Stage> stages) {
        FileSystem fs = RunFolder.fileSystem(layout.root(), new Configuration());
        Storage storage = new Storage(fs.getConf());
        try {
            RunFolder.requireOurs(fs, layout.root());
        } catch (IOException e) {
            throw new UserError("--out " + layout.root() + ": cannot read the output folder (" + e.getMessage() + ")");
        }
        StaleOutputs stale = new StaleOutputs(storage, layout);
        if (!overwrite) {
            stale.refusal(RunLayout.Stage.TRAIN).ifPresent(message -> {
                throw new UserError(message);
            });
        }
        TrainStage.requireNoEarlierCheckpoints(storage, layout, resume, overwrite);
        if (stages.contains(RunLayout.Stage.SAMPLE) && !overwrite) {
            stale.refusal(RunLayout.Stage.SAMPLE).ifPresent(message -> {
                throw new UserError(message);
            });
        }
        List<String> lines = new ArrayList<>();
        lines.add("dry run: nothing was started or written; the settings and --out " + layout.root() + " are usable");
        var train = config.train();
        lines.add("train: " + train.steps() + " steps of " + train.batchSize() + " samples of " + config.data().source()
                .configName() + " (d = " + config.data().dim() + "), " + (train.workers().isPresent()
                ? train.workers().getAsInt() + " workers" : "workers = Spark's default parallelism")
                + ", averaging every " + train.averagingFrequency() + " steps" + (resume ? ", resumed from the newest "
                + "checkpoint" : "") + "; writes " + layout.model() + ", " + layout.checkpoints() + ", "
                + layout.lossCsv());
        if (stages.contains(RunLayout.Stage.SAMPLE)) {
            lines.add("sample: " + config.sample().count() + " points with " + config.sample().method().configName()
                    + " in " + config.sample().partitions() + " partitions; writes " + layout.samples());
        }
        if (stages.contains(RunLayout.Stage.EVALUATE)) {
            lines.add("evaluate: the samples against fresh true data; writes " + layout.metrics() + ", "
                    + layout.plots());
        }
        List<String> changed = changedSettings(config);
        lines.add(changed.isEmpty() ? "settings: the defaults" : "settings that differ from the defaults: "
                + String.join(", ", changed));
        return String.join("\n", lines) + "\n";
    }

    private static List<String> changedSettings(RunConfig config) {
        Map<String, Object> defaults = ConfigLoader.loadFiles(List.of(), List.of()).asFlatMap();
        List<String> changed = new ArrayList<>();
        config.asFlatMap().forEach((key, value) -> {
            if (!Objects.equals(SettingsText.hocon(value), SettingsText.hocon(defaults.get(key)))) {
                changed.add(key + " = " + SettingsText.hocon(value));
            }
        });
        return changed;
    }
}
