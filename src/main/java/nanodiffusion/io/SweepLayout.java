package nanodiffusion.io;

import org.apache.hadoop.fs.Path;

/** Where a sweep writes inside its output folder; each trial gets a run folder of its own under trials/. */
public record SweepLayout(Path root) {
    /** The names a sweep writes at the top of its folder, and beside a trial's run. */
    public static final String TRIALS_JSON = "trials.json";
    public static final String TRIALS = "trials";
    public static final String TRIAL_JSON = "trial.json";
    public static final String TRAINING_JSON = "training.json";
    public static final String LEADERBOARD = "leaderboard";
    public static final String LEADERBOARD_CSV = "leaderboard.csv";
    public static final String EARLY_STOPPING = "early-stopping";
    public static final String EARLY_STOPPING_CSV = "early-stopping.csv";
    public static final String BEST_CONF = "best.conf";
    public static final String SWEEP_JSON = "sweep.json";
    static final java.util.Set<String> NAMES = java.util.Set.of(TRIALS_JSON, TRIALS, TRIAL_JSON, TRAINING_JSON,
            LEADERBOARD, LEADERBOARD_CSV, EARLY_STOPPING, EARLY_STOPPING_CSV, BEST_CONF, SWEEP_JSON);

    /** The expanded trials with their settings, written first; a restart must expand to the same list. */
    public Path trialsJson() {
        return new Path(root, TRIALS_JSON);
    }

    public Path trialsFolder() {
        return new Path(root, TRIALS);
    }

    public RunLayout trial(String id) {
        return new RunLayout(new Path(trialsFolder(), id));
    }

    /** Written last for a trial, ok or failed: its presence marks the trial finished. */
    public Path trialResult(String id) {
        return new Path(trial(id).root(), TRIAL_JSON);
    }

    /** Written by a trial-parallel task when its training ends (ok or failed). */
    public Path trialTraining(String id) {
        return new Path(trial(id).root(), TRAINING_JSON);
    }

    /** The leaderboard as a Parquet dataset (a folder). */
    public Path leaderboard() {
        return new Path(root, LEADERBOARD);
    }

    public Path leaderboardCsv() {
        return new Path(root, LEADERBOARD_CSV);
    }

    public Path plots() {
        return new Path(root, RunLayout.PLOTS);
    }

    public Path plot(String name) {
        return new Path(plots(), name + ".png");
    }

    /** Early stopping's record: one JSON file per trial and rung. */
    public Path earlyStopping() {
        return new Path(root, EARLY_STOPPING);
    }

    /** Every early-stopping decision as a table. */
    public Path earlyStoppingCsv() {
        return new Path(root, EARLY_STOPPING_CSV);
    }

    /** The best trial's full settings, ready for --conf. */
    public Path bestConf() {
        return new Path(root, BEST_CONF);
    }

    /** Provenance and summary: the spec, versions, commit, timings, best trial. */
    public Path sweepJson() {
        return new Path(root, SWEEP_JSON);
    }
}
