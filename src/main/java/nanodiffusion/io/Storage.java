package nanodiffusion.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * File access through the Hadoop FileSystem API, so file://, hdfs:// and s3a:// outputs behave alike. Writes go to a
 * hidden temporary name first and are renamed into place, so a reader never sees a half-written file.
 */
public final class Storage {
    private final Configuration hadoop;

    public Storage(Configuration hadoop) {
        this.hadoop = hadoop;
    }

    public Configuration hadoop() {
        return hadoop;
    }

    /** A functional body that writes to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** A functional body that reads a stream. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    public FileSystem fs(Path path) {
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            // The local file system would add a hidden .crc file beside every output; HDFS and S3 keep their own.
            fs.setWriteChecksum(false);
            return fs;
        } catch (IOException e) {
            throw new StorageError(path + ": cannot open its file system (" + e.getMessage() + ")", e);
        }
    }

    public boolean exists(Path path) {
        try {
            return fs(path).exists(path);
        } catch (IOException e) {
            throw new StorageError(path + ": cannot check whether it exists (" + e.getMessage() + ")", e);
        }
    }

    /** Writes the file whole or not at all: temp file in the same folder, then rename over any old copy. */
    public void writeAtomically(Path path, Writer body) {
        FileSystem fs = fs(path);
        Path tmp = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            fs.mkdirs(path.getParent());
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                body.write(out);
            }
            if (fs.exists(path) && !fs.delete(path, false)) {
                throw new IOException("could not replace the old file");
            }
            if (!fs.rename(tmp, path)) {
                throw new IOException("rename from " + tmp + " failed");
            }
        } catch (IOException e) {
            deleteQuietly(fs, tmp);
            throw new StorageError(path + ": could not write (" + e.getMessage() + ")", e);
        }
    }

    public void writeText(Path path, String text) {
        writeAtomically(path, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public <T> T read(Path path, Reader<T> body) {
        FileSystem fs = fs(path);
        try (InputStream in = fs.open(path)) {
            return body.read(in);
        } catch (java.io.FileNotFoundException e) {
            throw new StorageError(path + ": no such file", e);
        } catch (IOException e) {
            throw new StorageError(path + ": could not read (" + e.getMessage() + ")", e);
        }
    }

    public String readText(Path path) {
        return read(path, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Moves a finished folder into place, replacing {@code target} only once the new one is complete. */
    public void replaceFolder(Path finished, Path target) {
        FileSystem fs = fs(target);
        try {
            Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
            boolean hadOld = fs.exists(target);
            if (hadOld && !fs.rename(target, old)) {
                throw new IOException("could not move the old " + target + " aside");
            }
            if (!fs.rename(finished, target)) {
                if (hadOld) {
                    fs.rename(old, target);
                }
                throw new IOException("rename from " + finished + " failed");
            }
            if (hadOld) {
                fs.delete(old, true);
            }
        } catch (IOException e) {
            throw new StorageError(target + ": could not move the new output into place (" + e.getMessage() + ")", e);
        }
    }

    public void deleteRecursively(Path path) {
        deleteQuietly(fs(path), path);
    }

    /** Deletes {@code path} (a folder with its content) for certain: one that stays is an error naming it. */
    public void delete(Path path) {
        FileSystem fs = fs(path);
        try {
            if (fs.exists(path) && !fs.delete(path, true) && fs.exists(path)) {
                throw new IOException("the file system refused to delete it");
            }
        } catch (IOException e) {
            throw new StorageError(path + ": could not delete (" + e.getMessage() + ")", e);
        }
    }

    /** The files and folders directly inside {@code folder}, sorted; none when it does not exist. */
    public java.util.List<Path> list(Path folder) {
        FileSystem fs = fs(folder);
        try {
            if (!fs.exists(folder)) {
                return java.util.List.of();
            }
            return java.util.Arrays.stream(fs.listStatus(folder)).map(org.apache.hadoop.fs.FileStatus::getPath)
                    .sorted().toList();
        } catch (IOException e) {
            throw new StorageError(folder + ": cannot list it (" + e.getMessage() + ")", e);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException ignored) {
            // best effort on a path we created ourselves
        }
    }

    /** A body that fills a new folder and returns a result. */
    @FunctionalInterface
    public interface FolderWriter<T> {
        T write(Path folder);
    }

    /**
     * Builds {@code target} whole or not at all: {@code body} fills a staging sibling (stale ones of runs that died
     * are removed first), which then replaces {@code target}; the staging folder is gone afterwards either way.
     */
    public <T> T writeFolderAtomically(Path target, FolderWriter<T> body) {
        deleteStaleStaging(target);
        Path staging = stagingFor(target);
        try {
            T result = body.write(staging);
            replaceFolder(staging, target);
            return result;
        } finally {
            deleteRecursively(staging);
        }
    }

    /** Removes staging folders of {@code target} left by runs that died before moving theirs into place. */
    public void deleteStaleStaging(Path target) {
        FileSystem fs = fs(target);
        try {
            if (!fs.exists(target.getParent())) {
                return;
            }
            for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(target.getParent())) {
                if (s.getPath().getName().startsWith("." + target.getName() + ".staging-")) {
                    fs.delete(s.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new StorageError(target.getParent() + ": cannot list it (" + e.getMessage() + ")", e);
        }
    }

    /** A temporary sibling folder name for building {@code target} before it is moved into place. */
    public static Path stagingFor(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".staging-" + UUID.randomUUID());
    }

    /** I/O failed on a named path. */
    public static final class StorageError extends UncheckedIOException {
        public StorageError(String message, IOException cause) {
            super(message, cause);
        }
    }
}
