package nanodiffusion.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One writer per output folder: the file {@code _LOCK} (host, pid, command, start time), created exclusively
 * before any work - java.nio's CREATE_NEW on a local folder, the Hadoop file system's create without overwrite
 * elsewhere (atomic on HDFS) - and deleted by {@link #close} on every exit path. A second command on the folder
 * is refused naming the holder. A lock left by a process that is gone (same host, pid no longer running, e.g.
 * after kill -9) is taken over with a warning that names it; one from another host is never taken over, since its
 * holder cannot be checked from here.
 */
public final class OutputLock implements AutoCloseable {
    public static final String FILE = "_LOCK";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutputLock.class);

    private final FileSystem fs;
    private final Path file;
    private boolean held;

    /** Thrown when another live command holds the folder; the message names it. */
    public static final class Held extends RuntimeException {
        public Held(String message) {
            super(message);
        }
    }

    private OutputLock(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file;
        this.held = true;
    }

    public static OutputLock acquire(Storage storage, Path folder, String command) {
        Path file = new Path(folder, FILE);
        try {
            FileSystem fs = file.getFileSystem(storage.hadoop());
            byte[] content = JSON.writeValueAsBytes(holder(command));
            if (createExclusively(fs, file, content)) {
                return new OutputLock(fs, file);
            }
            JsonNode other = read(fs, file);
            String who = describe(other);
            if (stale(other)) {
                LOG.warn("--out {}: taking over the lock of {}, which is no longer running", folder, who);
                fs.delete(file, false);
                if (createExclusively(fs, file, content)) {
                    return new OutputLock(fs, file);
                }
                other = read(fs, file);
                who = describe(other);
            }
            throw new Held("--out " + folder + " is in use by " + who + "; wait for it to finish or use another --out"
                    + " (if that command is gone, delete " + file + ")");
        } catch (IOException e) {
            throw new Storage.StorageError(file + ": cannot take the output folder's lock (" + OneLine.of(e.getMessage())
                    + ")", e);
        }
    }

    private static Map<String, Object> holder(String command) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host());
        m.put("pid", ProcessHandle.current().pid());
        m.put("command", command);
        m.put("started", Instant.now().toString());
        return m;
    }

    private static boolean createExclusively(FileSystem fs, Path file, byte[] content) throws IOException {
        FileSystem raw = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
        if (raw instanceof RawLocalFileSystem localRaw) {
            java.nio.file.Path p = localRaw.pathToFile(file).toPath();
            try {
                Files.write(p, content, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    private static JsonNode read(FileSystem fs, Path file) {
        try (InputStream in = fs.open(file)) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode(); // unreadable or vanished: described as unknown, never taken over
        }
    }

    private static String describe(JsonNode lock) {
        if (!lock.has("pid")) {
            return "another command (its lock file is unreadable)";
        }
        return lock.path("command").asText("?") + " (pid " + lock.get("pid").asLong() + " on "
                + lock.path("host").asText("?") + ", since " + lock.path("started").asText("?") + ")";
    }

    /** Held by a process of this host that no longer runs. */
    private static boolean stale(JsonNode lock) {
        return lock.has("pid") && host().equals(lock.path("host").asText())
                && ProcessHandle.of(lock.get("pid").asLong()).map(p -> !p.isAlive()).orElse(true);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    @Override
    public void close() {
        if (held) {
            held = false;
            try {
                fs.delete(file, false);
            } catch (IOException e) {
                LOG.warn("could not delete the lock {}: {}", file, e.getMessage());
            }
        }
    }
}
