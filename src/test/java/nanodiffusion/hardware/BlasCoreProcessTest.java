package nanodiffusion.hardware;

import nanodiffusion.testing.ChildProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The choice as a fresh JVM makes it on this machine, before ND4J loads OpenBLAS. The bundled OpenBLAS 0.3.19
 * falls back to SSE-era kernels on CPUs it does not know (Prescott, Barcelona); with the choice it runs the
 * kernels of the CPU's instruction set, and they compute the step's products correctly.
 */
class BlasCoreProcessTest {
    /** float32 products with K up to 5000: rounding grows like sqrt(K) x 6e-8 ~ 4e-6 of sum |a b| at worst typical. */
    private static final double PRODUCT_TOLERANCE = 1e-5;

    private static Map<String, String> probe(Map<String, String> env) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String jnaScratch = System.getProperty("jna.tmpdir"); // the build's folder under Maven (Surefire's argLine)
        if (jnaScratch != null) {
            cmd.add("-Djna.tmpdir=" + jnaScratch); // so the probe does not unpack JNA into /tmp/jna-<uid>
        }
        cmd.addAll(List.of("-cp", classpath, KernelProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(BlasCore.VARIABLE);
        pb.environment().remove("OPENBLAS_L2_SIZE");
        pb.environment().putAll(env);
        String out;
        try (ChildProcess p = ChildProcess.start(pb)) {
            out = p.awaitSuccess(Duration.ofSeconds(120)); // a guard against a hang: the probe takes seconds
        }
        Map<String, String> values = new HashMap<>();
        out.lines().filter(l -> l.matches("(choice|core|error)=.*"))
                .forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        assertEquals(3, values.size(), out);
        return values;
    }

    @Test
    void withNoCoreTypeSetOpenBlasRunsTheKernelsChosenFromTheCpuAndComputesCorrectly() throws Exception {
        BlasCore.Choice expected = BlasCore.choose(CpuInfo.read(), Map.of());
        Map<String, String> probe = probe(Map.of());
        if (expected.core() != null) {
            assertEquals(expected.core(), probe.get("core"), "the loaded OpenBLAS runs the chosen core");
        }
        assertTrue(Double.parseDouble(probe.get("error")) < PRODUCT_TOLERANCE, "products: " + probe);
    }

    @Test
    void aCoreTypeFromTheEnvironmentIsWhatOpenBlasRuns() throws Exception {
        Map<String, String> probe = probe(Map.of(BlasCore.VARIABLE, "Sandybridge"));
        assertEquals("Sandybridge", probe.get("choice"));
        assertEquals("Sandybridge", probe.get("core"));
        assertTrue(Double.parseDouble(probe.get("error")) < PRODUCT_TOLERANCE, "products: " + probe);
    }
}
