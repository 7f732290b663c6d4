package nanodiffusion.hardware;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlasCoreTest {
    private static BlasCore.Choice unset(CpuInfo cpu) {
        return BlasCore.choose(cpu, Map.of());
    }

    @Test
    void cpusUnknownToTheBundledOpenBlasGetTheirAvx512Kernels() {
        assertEquals("SkylakeX", unset(CpuFixtures.XEON_MODEL_207).core(), "instead of Prescott");
        assertEquals("SkylakeX", unset(CpuFixtures.EPYC_ZEN5).core(), "instead of Barcelona");
        assertEquals(BlasCore.Source.CPU_FEATURES, unset(CpuFixtures.EPYC_ZEN5).source());
    }

    @Test
    void olderCpusGetKernelsOfTheirOwnInstructionSet() {
        assertEquals("SkylakeX", unset(CpuFixtures.EPYC_ZEN4).core());
        assertEquals("Zen", unset(CpuFixtures.EPYC_ZEN3).core());
        assertEquals("Haswell", unset(CpuFixtures.XEON_HASWELL).core());
        assertEquals("Sandybridge", unset(CpuFixtures.XEON_IVY_BRIDGE).core());
        BlasCore.Choice core2 = unset(CpuFixtures.CORE2);
        assertNull(core2.core(), "without AVX OpenBLAS's own table decides");
        assertEquals(BlasCore.Source.OPENBLAS, core2.source());
    }

    @Test
    void aCoreTypeSetInTheEnvironmentIsAlwaysKept() {
        BlasCore.Choice c = BlasCore.choose(CpuFixtures.EPYC_ZEN5, Map.of("OPENBLAS_CORETYPE", "Haswell"));
        assertEquals("Haswell", c.core());
        assertEquals(BlasCore.Source.ENVIRONMENT, c.source());
        assertTrue(c.applied());
        assertTrue(c.reason().contains("would choose SkylakeX"), c.reason());
        assertEquals("Sandybridge", BlasCore.choose(CpuFixtures.XEON_MODEL_207,
                Map.of("OPENBLAS_CORETYPE", "Sandybridge")).core());
    }
}
