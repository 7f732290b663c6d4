package nanodiffusion.sweep;

import nanodiffusion.io.RunLayout;
import org.apache.hadoop.fs.Path;

/** Where a sweep writes inside its output folder; each trial gets a run folder of its own under trials/. */
public record SweepLayout(Path root) {
    /** The expanded trials with their settings, written first; a restart must expand to the same list. */
    public Path trialsJson() {
        return new Path(root, "trials.json");
    }

    public Path trialsFolder() {
        return new Path(root, "trials");
    }

    public RunLayout trial(String id) {
        return new RunLayout(new Path(trialsFolder(), id));
    }

    /** Written last for a trial, ok or failed: its presence marks the trial finished. */
    public Path trialResult(String id) {
        return new Path(trial(id).root(), "trial.json");
    }

    /** Written by a trial-parallel task when its training ends (ok or failed). */
    public Path trialTraining(String id) {
        return new Path(trial(id).root(), "training.json");
    }

    /** The leaderboard as a Parquet dataset (a folder). */
    public Path leaderboard() {
        return new Path(root, "leaderboard");
    }

    public Path leaderboardCsv() {
        return new Path(root, "leaderboard.csv");
    }

    public Path plots() {
        return new Path(root, "plots");
    }

    public Path plot(String name) {
        return new Path(plots(), name + ".png");
    }

    /** Early stopping's record: one JSON file per trial and rung. */
    public Path earlyStopping() {
        return new Path(root, "early-stopping");
    }

    /** Every early-stopping decision as a table. */
    public Path earlyStoppingCsv() {
        return new Path(root, "early-stopping.csv");
    }

    /** The best trial's full settings, ready for --conf. */
    public Path bestConf() {
        return new Path(root, "best.conf");
    }

    /** Provenance and summary: the spec, versions, commit, timings, best trial. */
    public Path sweepJson() {
        return new Path(root, "sweep.json");
    }
}
