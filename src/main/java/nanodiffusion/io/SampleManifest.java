package nanodiffusion.io;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a samples folder must hold, written last by the sampler: every Parquet part file with its size, row count
 * and SHA-256, the total rows and the id range. {@link #verify} checks a folder against it before anything is
 * read, so a damaged, truncated, missing or extra part file is refused by name instead of scored.
 */
public record SampleManifest(List<PartFile> files, long rows, long firstId, long lastId) {
    public static final String FILE = "_MANIFEST.json";

    public record PartFile(String name, long bytes, long rows, String sha256) {
    }

    /**
     * The manifest of the Parquet files just written into {@code folder}: row counts and the id range from the
     * files' own footers (no Spark job), checksums by reading each file once.
     */
    public static SampleManifest of(SparkSession spark, Storage storage, Path folder) {
        List<PartFile> files = new ArrayList<>();
        long rows = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (FileStatus f : parts(storage, folder)) {
            try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                    org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(f, storage.hadoop()))) {
                long n = reader.getRecordCount();
                for (var block : reader.getFooter().getBlocks()) {
                    for (var column : block.getColumns()) {
                        if (column.getPath().toDotString().equals(SampleTable.ID) && column.getStatistics() != null
                                && column.getStatistics().hasNonNullValue()) {
                            first = Math.min(first, ((Number) column.getStatistics().genericGetMin()).longValue());
                            last = Math.max(last, ((Number) column.getStatistics().genericGetMax()).longValue());
                        }
                    }
                }
                files.add(new PartFile(f.getPath().getName(), f.getLen(), n, FolderSeal.sha256(storage, f.getPath())));
                rows += n;
            } catch (IOException e) {
                throw new Storage.StorageError(f.getPath() + ": cannot read its Parquet footer ("
                        + OneLine.of(e.getMessage()) + ")", e);
            }
        }
        return new SampleManifest(files, rows, rows == 0 ? 0 : first, rows == 0 ? -1 : last);
    }

    public void write(Storage storage, Path folder) {
        new JsonFiles(storage).write(new Path(folder, FILE), this);
    }

    /**
     * Refuses {@code folder} unless its part files are exactly the manifest's, byte for byte, and it holds
     * {@code expectedRows} rows (sample.count) with ids 0 .. expectedRows - 1.
     */
    public static SampleManifest verify(Storage storage, Path folder, long expectedRows) {
        Path file = new Path(folder, FILE);
        if (!storage.exists(file)) {
            throw new Storage.StorageError(folder + ": no " + FILE + " (samples are verified against the manifest "
                    + "the sampler writes last; sample again)", new java.io.FileNotFoundException(file.toString()));
        }
        JsonNode m = new JsonFiles(storage).readObject(file);
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        m.get("files").forEach(f -> listed.put(f.get("name").asText(), f));
        for (FileStatus f : parts(storage, folder)) {
            String name = f.getPath().getName();
            JsonNode entry = listed.remove(name);
            if (entry == null) {
                throw damaged(folder, name + " is not in the manifest (an extra or duplicated part file)");
            }
            if (entry.get("bytes").asLong() != f.getLen()) {
                throw damaged(folder, name + " has " + f.getLen() + " bytes, the manifest says " + entry.get("bytes"));
            }
            if (!entry.get("sha256").asText().equals(FolderSeal.sha256(storage, f.getPath()))) {
                throw damaged(folder, name + " does not match its checksum (the file was changed after sampling)");
            }
        }
        if (!listed.isEmpty()) {
            throw damaged(folder, "part file " + listed.keySet().iterator().next() + " is missing");
        }
        long rows = m.get("rows").asLong();
        if (rows != expectedRows) {
            throw damaged(folder, rows + " rows, but sample.count is " + expectedRows);
        }
        return new SampleManifest(List.of(), rows, m.get("firstId").asLong(), m.get("lastId").asLong());
    }

    private static Storage.StorageError damaged(Path folder, String what) {
        return new Storage.StorageError(folder + ": " + what + "; sample again (nothing was evaluated)",
                new IOException(what));
    }

    private static List<FileStatus> parts(Storage storage, Path folder) {
        try {
            FileSystem fs = folder.getFileSystem(storage.hadoop());
            FileStatus[] all = fs.listStatus(folder, p -> p.getName().endsWith(".parquet"));
            Arrays.sort(all, java.util.Comparator.comparing(f -> f.getPath().getName()));
            return Arrays.asList(all);
        } catch (IOException e) {
            throw new Storage.StorageError(folder + ": cannot list the samples (" + OneLine.of(e.getMessage()) + ")", e);
        }
    }
}
