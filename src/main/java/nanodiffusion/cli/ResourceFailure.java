package nanodiffusion.cli;

import nanodiffusion.io.OneLine;

import java.util.Optional;

/**
 * A failure of the machine's resources rather than of the input or the code: the disk full (Hadoop's FSError, or an
 * IOException saying no space is left), the Java heap or native memory exhausted. Found anywhere in a cause chain
 * (Spark wraps a task's error in its own exception), it becomes one line with advice and its own exit status.
 */
record ResourceFailure(String message) {
    static Optional<ResourceFailure> of(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            String text = e.getMessage() == null ? "" : e.getMessage();
            if (e instanceof org.apache.hadoop.fs.FSError || text.contains("No space left on device")) {
                return Optional.of(new ResourceFailure("the disk is full or failing (" + OneLine.of(text)
                        + "); free space on the output's file system or choose another --out. Nothing was marked "
                        + "complete; a training run resumes from its last checkpoint with train --resume"));
            }
            if (e instanceof OutOfMemoryError) {
                return Optional.of(new ResourceFailure("out of Java memory (" + OneLine.of(text) + "); give the driver "
                        + "more heap (JAVA_OPTS=-Xmx8g for submit/local.sh, --driver-memory for spark-submit) or lower "
                        + "train.batchSize, sample.batchSize or model.width"));
            }
            if (text.contains("bad_alloc") || text.contains("Failed to allocate") || text.contains("Cannot allocate")
                    || text.contains("failed to map segment")) { // the last: a native library mapped under ulimit -v
                return Optional.of(new ResourceFailure("out of native memory (" + OneLine.of(text) + "); lower "
                        + "model.width, train.batchSize or sample.batchSize, or run on a machine with more memory"));
            }
        }
        return Optional.empty();
    }
}
