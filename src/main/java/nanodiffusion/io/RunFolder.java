package nanodiffusion.io;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * The output folder of one command, from its checks to its release: it must be on a file system Hadoop knows, be
 * this tool's (not a root, the home folder or someone else's folder), be creatable and writable (a probe file
 * written and deleted); then it is locked for the command ({@link OutputLock}). Closing releases the lock and removes
 * the folder again when this command created it and wrote nothing, so a refusal leaves nothing behind.
 */
public final class RunFolder implements AutoCloseable {
    private final Storage storage;
    private final Path root;
    private final boolean createdRoot;
    private final OutputLock lock;

    /** The user's error: a folder this command may not or cannot use, named with why. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private RunFolder(Storage storage, Path root, boolean createdRoot, OutputLock lock) {
        this.storage = storage;
        this.root = root;
        this.createdRoot = createdRoot;
        this.lock = lock;
    }

    /**
     * Checks, creates and locks {@code root} for {@code lockAs} (null: no lock, its parent command holds it).
     *
     * @throws Refused when the folder cannot or may not be used, or another command holds it
     */
    public static RunFolder open(Storage storage, Path root, String lockAs) {
        boolean created = requireUsable(storage, root);
        try {
            return new RunFolder(storage, root, created, lockAs == null ? null : OutputLock.acquire(storage, root, lockAs));
        } catch (OutputLock.Held e) {
            removeIfUnused(storage, root, created);
            throw new Refused(e.getMessage());
        } catch (RuntimeException e) {
            removeIfUnused(storage, root, created);
            throw e;
        }
    }

    /** Whether this command created the folder. */
    private static boolean requireUsable(Storage storage, Path root) {
        FileSystem fs = fileSystem(root, storage.hadoop());
        boolean created = false;
        try {
            requireOurs(fs, root);
            if (!fs.exists(root)) {
                if (!fs.mkdirs(root)) {
                    throw new IOException("mkdirs returned false");
                }
                created = true;
            }
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new Refused("--out " + root + ": exists and is not a folder");
            }
            probeWrite(fs, root);
            return created;
        } catch (IOException e) {
            throw new Refused("--out " + root + ": cannot create the output folder (" + OneLine.of(e.getMessage()) + ")");
        } catch (RuntimeException e) {
            removeIfUnused(storage, root, created);
            throw e;
        }
    }

    /** Creates and deletes a small file in {@code root}, so a read-only folder is refused before any work. */
    private static void probeWrite(FileSystem fs, Path root) {
        Path probe = new Path(root, "_WRITE_PROBE." + ProcessHandle.current().pid());
        try {
            try (var out = fs.create(probe, true)) {
                out.write(1);
            }
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new Refused("--out " + root + ": not writable (" + OneLine.of(e.getMessage())
                    + "); choose a folder you can write to");
        }
    }

    /** Refuses an --out this tool may not use (a root, the home folder, a folder holding others' files). */
    public static void requireOurs(FileSystem fs, Path root) throws IOException {
        var refusal = OutputFolder.refusal(fs, root);
        if (refusal.isPresent()) {
            throw new Refused("--out " + root + ": " + refusal.get());
        }
    }

    /** The file system of --out, or the user's error naming a scheme Hadoop does not know or cannot reach. */
    public static FileSystem fileSystem(Path root, org.apache.hadoop.conf.Configuration hadoop) {
        try {
            return root.getFileSystem(hadoop);
        } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
            throw new Refused("--out " + root + ": unsupported file system scheme '" + root.toUri().getScheme()
                    + "' (use a local path, file://, hdfs:// or s3a://)");
        } catch (IOException e) {
            throw new Refused("--out " + root + ": cannot reach its file system (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
        removeIfUnused(storage, root, createdRoot);
    }

    /**
     * The folder goes again when this command created it and nothing was written to it. Best effort: a file system
     * that refuses the delete keeps the empty folder, and the command's own error is the one reported.
     */
    private static void removeIfUnused(Storage storage, Path root, boolean created) {
        if (!created) {
            return;
        }
        try {
            FileSystem fs = root.getFileSystem(storage.hadoop());
            if (fs.exists(root) && fs.listStatus(root).length == 0) {
                fs.delete(root, false);
            }
        } catch (IOException | RuntimeException e) {
            // the empty folder stays
        }
    }
}
