package nanodiffusion.cli;

import nanodiffusion.config.ConfigError;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import nanodiffusion.io.RunLayout;
import nanodiffusion.pipeline.DataRoute;
import nanodiffusion.pipeline.RunContext;
import nanodiffusion.sweep.SweepRunner;
import nanodiffusion.sweep.SweepSpec;
import nanodiffusion.sweep.SweepSpecLoader;
import nanodiffusion.sweep.Trial;
import nanodiffusion.sweep.TrialExpansion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** sweep: expands a spec into trials, checks every trial's settings, then runs them and writes the results. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
                "  submit/local.sh sweep --spec conf/sweeps/smoke.conf --out runs/sweep-smoke",
                "  submit/local.sh sweep --spec conf/sweeps/large-batch.conf --out runs/large-batch"},
        description = {"Run a hyperparameter sweep: every trial trains, samples and evaluates into OUT/trials/<id>; "
                + "the sweep writes OUT/leaderboard (Parquet), OUT/leaderboard.csv, OUT/plots and OUT/best.conf.",
                "Rerun with the same --out to continue an interrupted sweep: finished trials are skipped."})
final class SweepCommand implements Callable<Integer> {
    @Option(names = "--spec", paramLabel = "FILE", required = true,
            description = "Sweep spec: a settings file with a sweep { ... } section (see conf/sweeps/smoke.conf).")
    File spec;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output folder of the sweep (any Hadoop URI: file://, hdfs://, s3a://).")
    String out;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a shared setting or a sweep.* key, e.g. --set sweep.mode=trial-parallel (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--retry-failed", description = "Rerun trials an earlier attempt recorded as failed.")
    boolean retryFailed;

    @Option(names = "--overwrite", description = "Discard an earlier sweep's results in --out and start over.")
    boolean overwrite;

    @Option(names = "--dry-run", description = "Check the spec and print the trials it expands to, one per line; "
            + "run nothing and write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        SweepSpec sweep = SweepSpecLoader.load(spec, overrides);
        RunConfig shared = ConfigLoader.loadLayered(sweep.settings(), List.of());
        List<Trial> trials = TrialExpansion.expand(sweep, shared.train().batchSize());
        if (trials.size() > sweep.maxTrials()) {
            throw ConfigError.of("sweep.maxTrials", sweep.maxTrials(), "the spec expands to " + trials.size()
                    + " trials; raise sweep.maxTrials to run that many on purpose (or check the grid)");
        }
        Map<String, RunConfig> configs = new LinkedHashMap<>();
        for (Trial t : trials) {
            try {
                configs.put(t.id(), ConfigLoader.loadLayered(sweep.settings(), t.overrides()));
            } catch (ConfigError e) {
                throw new ConfigError("trial " + t.id() + " " + t.settings() + ": " + e.getMessage());
            }
            DataRoute.of(configs.get(t.id()).data()).sweepRefusal().ifPresent(why -> {
                throw new ConfigError("trial " + t.id() + ": " + why);
            });
        }
        if (dryRun) {
            System.out.printf("%d trials (%s, budget %s, ranked by %s):%n", trials.size(), sweep.scheduling().configName(),
                    sweep.budget().describe(), sweep.metric().configName());
            trials.forEach(t -> System.out.println(t.id() + " " + String.join(" ", t.overrides())));
            return 0;
        }
        Map<String, String> sparkDefaults = sweep.scheduling().sparkDefaults();
        try (RunContext ctx = new RunContext(shared, RunLayout.of(out), overwrite, "sweep", sparkDefaults)) {
            if (!new SweepRunner(ctx, sweep, trials, configs, retryFailed).run()) {
                throw new nanodiffusion.pipeline.WorkFailed("no trial of the sweep succeeded; each one's error is in "
                        + ctx.layout.root() + "/leaderboard.csv");
            }
            return 0;
        }
    }
}
