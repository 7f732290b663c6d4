package nanodiffusion.io;

import org.apache.hadoop.fs.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outputs in a run folder that a new run of a stage makes stale: those of that stage and of every later one
 * (samples of the model train replaces, metrics and figures of the samples sample replaces), with their sections
 * of run.json. A stage removes them before writing its own, so no output is ever kept beside one made from
 * another model or other samples.
 */
public final class StaleOutputs {
    /** One output of {@code stage} found in the folder. */
    public record Output(RunLayout.Stage stage, Path path) {
    }

    private final Storage storage;
    private final RunLayout layout;

    public StaleOutputs(Storage storage, RunLayout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    /** The outputs of {@code from} and the later stages that exist, in stage order. */
    public List<Output> present(RunLayout.Stage from) {
        List<Output> found = new ArrayList<>();
        for (RunLayout.Stage stage : RunLayout.Stage.values()) {
            if (stage.compareTo(from) < 0) {
                continue;
            }
            for (Path p : layout.outputs(stage)) {
                if (storage.exists(p)) {
                    found.add(new Output(stage, p));
                }
            }
            if (stage == RunLayout.Stage.EVALUATE) {
                storage.list(layout.plots()).stream().map(Path::getName).filter(layout::isEvaluationFigure)
                        .forEach(name -> found.add(new Output(stage, new Path(layout.plots(), name))));
            }
        }
        return found;
    }

    /**
     * Why {@code stage} may not run here without --overwrite: its output exists, or an output of a later stage that
     * its new one would make stale (samples of the model train replaces, metrics of the samples sample replaces);
     * empty when it may.
     */
    public Optional<String> refusal(RunLayout.Stage stage) {
        Path own = layout.output(stage);
        if (storage.exists(own)) {
            return Optional.of(own + " already exists; pass --overwrite to replace it");
        }
        return stage.next().flatMap(later -> present(later).stream().findFirst()).map(o -> o.path()
                + " already exists and belongs to " + stage.earlier() + ", which this " + stage.section()
                + " replaces; pass --overwrite to remove it");
    }

    /**
     * Removes the outputs of {@code from} and the later stages and their run.json sections; one that cannot be
     * removed is an error, never left behind.
     */
    public void remove(RunLayout.Stage from) {
        for (Output o : present(from)) {
            storage.delete(o.path());
        }
        List<String> sections = new ArrayList<>();
        for (RunLayout.Stage stage : RunLayout.Stage.values()) {
            if (stage.compareTo(from) >= 0) {
                sections.add(stage.section());
            }
        }
        new JsonFiles(storage).removeSections(layout.runJson(), sections);
    }
}
