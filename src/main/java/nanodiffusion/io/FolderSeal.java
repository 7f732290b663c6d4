package nanodiffusion.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The _COMPLETE marker of a model or checkpoint folder, written after every other file: it lists each file with its
 * size and SHA-256, so {@link #verify} refuses a folder whose files were damaged, truncated, removed or added since,
 * naming the file. A marker that lists nothing to check (empty, truncated, not JSON, an entry without its size or
 * checksum) is refused: it cannot vouch for the folder.
 */
public final class FolderSeal {
    public static final String FILE = "_COMPLETE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FolderSeal() {
    }

    /** Writes {@code folder}/_COMPLETE listing the folder's files; call it last. */
    public static void seal(Storage storage, Path folder) {
        Map<String, Object> files = new LinkedHashMap<>();
        for (FileStatus f : files(storage, folder)) {
            files.put(f.getPath().getName(), Map.of("bytes", f.getLen(), "sha256", sha256(storage, f.getPath())));
        }
        Map<String, Object> seal = new LinkedHashMap<>();
        seal.put("files", files);
        try {
            storage.writeText(new Path(folder, FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(seal));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks {@code folder} against its _COMPLETE; throws naming the first file that does not match. */
    public static void verify(Storage storage, Path folder) {
        Map<String, FileStatus> present = new LinkedHashMap<>();
        for (FileStatus f : files(storage, folder)) {
            present.put(f.getPath().getName(), f);
        }
        for (var it = listed(storage, new Path(folder, FILE)).fields(); it.hasNext(); ) {
            var entry = it.next();
            FileStatus f = present.remove(entry.getKey());
            Path path = new Path(folder, entry.getKey());
            if (f == null) {
                throw damaged(path, "is missing");
            }
            long bytes = entry.getValue().get("bytes").asLong();
            if (f.getLen() != bytes) {
                throw damaged(path, "has " + f.getLen() + " bytes, " + bytes + " when written");
            }
            if (!sha256(storage, f.getPath()).equals(entry.getValue().get("sha256").asText())) {
                throw damaged(path, "does not match its checksum (damaged since it was written)");
            }
        }
        if (!present.isEmpty()) {
            throw damaged(new Path(folder, present.keySet().iterator().next()), "was added after the folder was sealed");
        }
    }

    /**
     * The seal's file list, each entry checked to hold a whole-number size and a SHA-256; an empty or malformed seal
     * is refused, since it would let any content pass.
     */
    private static JsonNode listed(Storage storage, Path marker) {
        String text = storage.readText(marker);
        if (text.isBlank()) {
            throw unreadable(marker, "empty; it lists no files to check, so the folder cannot be trusted (write it "
                    + "again: train, or save the model again)");
        }
        JsonNode listed;
        try {
            listed = JSON.readTree(text).get("files");
        } catch (IOException e) {
            throw unreadable(marker, "not JSON (" + OneLine.of(e.getMessage()) + ")");
        }
        if (listed == null || !listed.isObject() || listed.isEmpty()) {
            throw unreadable(marker, "no file list");
        }
        for (var it = listed.fields(); it.hasNext(); ) {
            var entry = it.next();
            JsonNode bytes = entry.getValue().get("bytes");
            JsonNode sha = entry.getValue().get("sha256");
            if (bytes == null || !bytes.canConvertToLong() || !bytes.isIntegralNumber() || sha == null
                    || !sha.isTextual() || !sha.asText().matches("[0-9a-f]{64}")) {
                throw unreadable(marker, "the entry of " + entry.getKey() + " lacks its size or SHA-256");
            }
        }
        return listed;
    }

    private static Storage.StorageError unreadable(Path marker, String why) {
        return new Storage.StorageError(marker + ": not a usable seal: " + why, new IOException(why));
    }

    private static Storage.StorageError damaged(Path file, String what) {
        return new Storage.StorageError(file + ": " + what, new IOException(what));
    }

    /** The folder's files, not hidden ones (Hadoop's .crc) nor the marker itself, by name. */
    private static FileStatus[] files(Storage storage, Path folder) {
        try {
            FileStatus[] all = storage.fs(folder).listStatus(folder, p -> !p.getName().equals(FILE)
                    && !p.getName().startsWith("."));
            FileStatus[] files = Arrays.stream(all).filter(FileStatus::isFile).toArray(FileStatus[]::new);
            Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
            return files;
        } catch (IOException e) {
            throw new Storage.StorageError(folder + ": cannot list (" + OneLine.of(e.getMessage()) + ")", e);
        }
    }

    /** SHA-256 of a file's bytes, in hex. */
    static String sha256(Storage storage, Path file) {
        return storage.read(file, in -> {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
        });
    }
}
