package nanodiffusion.testing;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

import java.io.IOException;

/**
 * The local file system under the scheme {@code readonly://}, where folders can be listed and created but no file
 * can be written: a read-only mount (or a folder without write permission) for tests that run as root, who may
 * write anywhere on the real disk. Register with {@link #registered}.
 */
public final class ReadOnlyFileSystem extends LocalFileSystemUnderScheme {
    public static final String SCHEME = "readonly";

    public ReadOnlyFileSystem() {
        super(SCHEME);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        throw new IOException("Permission denied: " + f + " (read-only file system)");
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        throw new IOException("Permission denied: " + f + " (read-only file system)");
    }
}
