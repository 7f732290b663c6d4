package nanodiffusion.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.testing.ChildProcess;
import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sampling 10 million points in Spark local mode (local[2], the driver JVM is the executor) with a 1 GB heap:
 * a task holds one block of sample.batchSize points at a time, never its whole share, so the count is bounded
 * by the disk, not the heap. A small network and a 5-evaluation sampler keep it to about half a minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamplingScaleIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private final Path out = LocalSpark.tempFolder("nd-scale");

    @AfterAll
    void cleanUp() {
        LocalSpark.deleteRecursively(out);
    }

    /** Runs submit/local.sh in local[2] with a heap of {@code heap}, its JVM's scratch in this test's folder. */
    private void local(String heap, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "submit/local.sh"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile());
        pb.environment().put("SPARK_MASTER", "local[2]");
        pb.environment().put("JAVA_OPTS", "-Xmx" + heap + " -Dspark.ui.enabled=false");
        ChildProcess.scratchIn(pb.environment(), out);
        try (ChildProcess p = ChildProcess.start(pb, Files.createTempFile(out, "local", ".log"))) {
            p.awaitSuccess(Duration.ofMinutes(10)); // a guard against a hang, far above either step's time
        }
    }

    @Test
    void tenMillionSamplesFitAOneGigabyteHeapAndTheManifestCountsThemAll() throws Exception {
        String run = out.resolve("run").toString();
        local("1g", "train", "--out", run, "--set", "model.width=8", "--set", "train.steps=20",
                "--set", "train.batchSize=1000");
        long start = System.nanoTime();
        local("1g", "sample", "--out", run, "--set", "model.width=8", "--set", "sample.count=10000000",
                "--set", "sample.method=ddim", "--set", "sample.steps=5");
        System.out.printf("10M samples with -Xmx1g in %.1f s%n", (System.nanoTime() - start) / 1e9);
        var manifest = new ObjectMapper().readTree(new File(run, "samples/_MANIFEST.json"));
        assertEquals(10_000_000L, manifest.get("rows").asLong());
        assertEquals(0L, manifest.get("firstId").asLong());
        assertEquals(9_999_999L, manifest.get("lastId").asLong());
    }
}
