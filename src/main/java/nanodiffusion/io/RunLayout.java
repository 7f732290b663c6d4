package nanodiffusion.io;

import org.apache.hadoop.fs.Path;

/** Where each stage reads and writes inside one output folder. */
public record RunLayout(Path root) {
    public static RunLayout of(String out) {
        return new RunLayout(new Path(out));
    }

    public Path model() {
        return new Path(root, "model");
    }

    public Path checkpoints() {
        return new Path(root, "checkpoints");
    }

    /** Written last into the model folder: a model folder without it is incomplete. */
    public Path modelCommitted() {
        return new Path(model(), "_COMPLETE");
    }

    public Path lossCsv() {
        return new Path(root, "loss.csv");
    }

    public Path samples() {
        return new Path(root, "samples");
    }

    /** Spark's commit marker: a samples folder without it is incomplete. */
    public Path samplesCommitted() {
        return new Path(samples(), "_SUCCESS");
    }

    public Path metrics() {
        return new Path(root, "metrics.json");
    }

    public Path plots() {
        return new Path(root, "plots");
    }

    public Path plot(String name) {
        return new Path(plots(), name + ".png");
    }

    public Path runJson() {
        return new Path(root, "run.json");
    }
}
