package nanodiffusion.hardware;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuInfoTest {
    @Test
    void readsTheFirstProcessorOfProcCpuinfo() {
        CpuInfo cpu = CpuFixtures.XEON_MODEL_207;
        assertEquals("GenuineIntel", cpu.vendor());
        assertEquals(6, cpu.family());
        assertEquals(207, cpu.model());
        assertEquals(2100.0, cpu.mhz());
        assertEquals("INTEL(R) XEON(R) PLATINUM 8573C (GenuineIntel family 6 model 207)", cpu.describe());
        assertTrue(cpu.hasSkylakeXAvx512());
        assertEquals(List.of("sse2", "sse4_2", "avx", "fma", "avx2", "avx512f", "avx512cd", "avx512bw", "avx512dq",
                "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16"), cpu.vectorExtensions());
    }

    @Test
    void peakIsCoresTimesLanesTimesFmaUnitsTimesTwoTimesClock() {
        // 2 x 16 x 2 x 2 x 2.1 GHz, exact in binary to well below 1e-9
        assertEquals(2 * 16 * 2 * 2 * 2.1, CpuFixtures.XEON_MODEL_207.peakGflops(), 1e-9);
        assertEquals("2 cores x 16 lanes x 2 FMA x 2 x 2.10 GHz", CpuFixtures.XEON_MODEL_207.peakFormula());
        assertEquals(2 * 8 * 2 * 2 * 2.65, CpuFixtures.EPYC_ZEN3.peakGflops(), 1e-9);
        assertEquals(2 * 8 * 1 * 2 * 2.8, CpuFixtures.XEON_IVY_BRIDGE.peakGflops(), 1e-9, "AVX without FMA");
        assertEquals(2 * 4 * 1 * 2 * 3.0, CpuFixtures.CORE2.peakGflops(), 1e-9, "SSE");
    }

    @Test
    void zen4RunsAvx512OnHalfWidthUnitsAndZen5OnFullWidth() {
        assertEquals(256, CpuFixtures.EPYC_ZEN4.vectorBits());
        assertEquals(512, CpuFixtures.EPYC_ZEN5.vectorBits());
    }

    @Test
    void thisMachineIsReadable() {
        CpuInfo here = CpuInfo.read();
        assertEquals(Runtime.getRuntime().availableProcessors(), here.cores());
        assertFalse(here.flags().isEmpty(), "on Linux /proc/cpuinfo lists the CPU's flags");
        assertTrue(here.peakGflops() > 0, "a positive peak: " + here.peakFormula());
    }
}
