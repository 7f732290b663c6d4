package nanodiffusion.cli;

import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The script users type, run out of native memory by a virtual-memory limit: the JVM dies in native code, and the
 * user gets one line naming the resource, exit status 3, and the JVM's report outside the current folder.
 */
class NativeCrashIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void aNativeMemoryCrashIsOneLineWithTheResourceStatusAndItsReportOutsideTheCurrentFolder() throws Exception {
        Path dir = Files.createTempDirectory("nd-crash");
        Path log = dir.resolve("out.log");
        try {
            List<String> before = List.of(PROJECT.toFile().list((d, n) -> n.startsWith("hs_err")));
            // 4 GB of address space: the JVM starts (its heap is reserved lazily) but cannot map its metaspace or
            // the native libraries it loads next - measured on this project's 2-core, 24 GB machines
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -v 4000000 && exec submit/local.sh train --out "
                    + dir.resolve("run") + " --set train.steps=20 --set train.batchSize=1000 --set model.width=512")
                    .directory(PROJECT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("TMPDIR", dir.toString());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("did not end within 5 minutes:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            assertEquals(3, p.exitValue(), output);
            List<String> errors = output.lines().filter(l -> l.startsWith("error:")).toList();
            assertEquals(1, errors.size(), output);
            assertTrue(errors.get(0).contains("memory"), errors.get(0));
            File[] reports = dir.toFile().listFiles((d, n) -> n.startsWith("hs_err"));
            File[] inRun = dir.resolve("run").toFile().listFiles((d, n) -> n.startsWith("hs_err"));
            int found = (reports == null ? 0 : reports.length) + (inRun == null ? 0 : inRun.length);
            if (errors.get(0).contains("native code")) {
                assertEquals(1, found, "the JVM's report in the run's folder or TMPDIR:\n" + output);
            }
            assertEquals(before, List.of(PROJECT.toFile().list((d, n) -> n.startsWith("hs_err"))),
                    "no crash report in the current folder");
            assertFalse(Files.exists(dir.resolve("run/model")), "no model from a crashed run");
        } finally {
            LocalSpark.deleteRecursively(dir);
        }
    }
}
