package nanodiffusion.testing;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The local file system under the scheme {@code diskfull://}, whose disk fills up: any one file takes
 * {@link #ROOM} bytes, the next byte fails the way Hadoop's local file system reports ENOSPC, with an FSError
 * wrapping "No space left on device". Small files (a lock, a probe) still fit. Register with {@link #registered}.
 */
public final class DiskFullFileSystem extends LocalFileSystemUnderScheme {
    public static final String SCHEME = "diskfull";
    public static final int ROOM = 4096;

    public DiskFullFileSystem() {
        super(SCHEME);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        return filling(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        return filling(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    private FSDataOutputStream filling(FSDataOutputStream real) {
        OutputStream full = new FilterOutputStream(real) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                if (++written > ROOM) {
                    throw noSpace();
                }
                out.write(b);
            }
        };
        return new FSDataOutputStream(full, null);
    }

    /** FSError's constructor is package-private: Hadoop makes one only in its local file system. */
    private static FSError noSpace() {
        try {
            var c = FSError.class.getDeclaredConstructor(Throwable.class);
            c.setAccessible(true);
            return c.newInstance(new IOException("No space left on device"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
