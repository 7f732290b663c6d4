package nanodiffusion.io;

import org.apache.hadoop.fs.Path;

import java.util.List;
import java.util.Locale;

/** Where each stage reads and writes inside one output folder. */
public record RunLayout(Path root) {
    /** The names a run writes at the top of its folder. */
    public static final String MODEL = "model";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String LOSS_CSV = "loss.csv";
    public static final String SAMPLES = "samples";
    public static final String METRICS = "metrics.json";
    public static final String PLOTS = "plots";
    public static final String RUN_JSON = "run.json";
    /** A saved Spark ML DiffusionModel: Spark's metadata/ beside the model folder, which sample can read. */
    public static final String SPARK_ML_METADATA = "metadata";
    static final java.util.Set<String> NAMES = java.util.Set.of(MODEL, CHECKPOINTS, LOSS_CSV, SAMPLES, METRICS, PLOTS,
            RUN_JSON);

    /** The loss curve's name among the plots; every other plot is the evaluation's. */
    private static final String LOSS_PLOT = "loss";

    /** The stages that write into a run folder, in order: each one's outputs are made from the previous one's. */
    public enum Stage {
        TRAIN("an earlier model"), SAMPLE("earlier samples"), EVALUATE("an earlier evaluation");

        private final String earlier;

        Stage(String earlier) {
            this.earlier = earlier;
        }

        /** Its section of run.json. */
        public String section() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** An earlier output of this stage, as a message names it: "an earlier model", "earlier samples". */
        public String earlier() {
            return earlier;
        }

        /** The stage that reads this one's outputs, if any. */
        public java.util.Optional<Stage> next() {
            return ordinal() + 1 < values().length ? java.util.Optional.of(values()[ordinal() + 1])
                    : java.util.Optional.empty();
        }
    }

    public static RunLayout of(String out) {
        return new RunLayout(new Path(out));
    }

    /** The output whose presence says {@code stage} ran here: the model, the samples, metrics.json. */
    public Path output(Stage stage) {
        return outputs(stage).get(0);
    }

    /**
     * The files and folders {@code stage} writes, its {@link #output} first, but for the evaluation's figures, whose
     * names depend on the data (see {@link #isEvaluationFigure(String)}); train's checkpoints are its working state,
     * not an output.
     */
    public List<Path> outputs(Stage stage) {
        return switch (stage) {
            case TRAIN -> List.of(model(), lossCsv(), lossPlot());
            case SAMPLE -> List.of(samples());
            case EVALUATE -> List.of(metrics());
        };
    }

    public Path model() {
        return new Path(root, MODEL);
    }

    public Path checkpoints() {
        return new Path(root, CHECKPOINTS);
    }

    /** Written last into the model folder: a model folder without it is incomplete. */
    public Path modelCommitted() {
        return new Path(model(), "_COMPLETE");
    }

    public Path lossCsv() {
        return new Path(root, LOSS_CSV);
    }

    public Path samples() {
        return new Path(root, SAMPLES);
    }

    /** Spark's commit marker: a samples folder without it is incomplete. */
    public Path samplesCommitted() {
        return new Path(samples(), "_SUCCESS");
    }

    public Path metrics() {
        return new Path(root, METRICS);
    }

    public Path plots() {
        return new Path(root, PLOTS);
    }

    public Path plot(String name) {
        return new Path(plots(), name + ".png");
    }

    /** The training loss curve, train's one plot. */
    public Path lossPlot() {
        return plot(LOSS_PLOT);
    }

    /** Whether the file {@code name} in {@link #plots} is one of the evaluation's figures: any but the loss curve. */
    public boolean isEvaluationFigure(String name) {
        return name.endsWith(".png") && !name.equals(lossPlot().getName());
    }

    public Path runJson() {
        return new Path(root, RUN_JSON);
    }
}
