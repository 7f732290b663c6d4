package nanodiffusion.io;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Which folders --out may name, with or without --overwrite: not a file system's root, not the home folder
 * itself, and not a folder holding anything that is not this tool's (a run's, a sweep's or a trial's files, or
 * our hidden staging and lock files). An empty or missing folder is always fine.
 */
public final class OutputFolder {
    /** Names this tool writes into an output folder (runs, sweeps, trials). */
    static final Set<String> OURS = java.util.stream.Stream.of(RunLayout.NAMES, SweepLayout.NAMES,
                    Set.of(OutputLock.FILE, RunLayout.SPARK_ML_METADATA)).flatMap(Set::stream)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private OutputFolder() {
    }

    /** Why {@code root} may not be an output folder, or empty when it may. */
    public static Optional<String> refusal(FileSystem fs, Path root) throws IOException {
        Path qualified = fs.makeQualified(root);
        if (qualified.getParent() == null) {
            return Optional.of("is the root of its file system; name a folder for this run's outputs");
        }
        if (qualified.equals(fs.makeQualified(fs.getHomeDirectory()))) {
            return Optional.of("is the home folder itself; name a folder inside it for this run's outputs");
        }
        if (!fs.exists(qualified) || !fs.getFileStatus(qualified).isDirectory()) {
            return Optional.empty();
        }
        Optional<String> foreign = Arrays.stream(fs.listStatus(qualified)).map(FileStatus::getPath).map(Path::getName)
                .filter(name -> !OURS.contains(name) && !name.startsWith(".") && !name.startsWith("_")).sorted()
                .findFirst();
        return foreign.map(name -> "holds " + name + ", which is not an output of this tool; pick an empty or new "
                + "folder (even --overwrite does not mix outputs into someone else's files)");
    }
}
