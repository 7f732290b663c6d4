package nanodiffusion.hardware;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a run or a benchmark ran on, for run.json and bench's JSON: the CPU, its vector extensions and peak rate,
 * the BLAS library with the core type it runs and why, and the threads. Rates are reported against two peaks: the
 * machine's ({@link CpuInfo#peakGflops}) and that of the vector width of the BLAS kernels in use (an AVX2 kernel
 * set on an AVX-512 machine can reach half the machine's peak).
 */
public final class MachineReport {
    private MachineReport() {
    }

    /** This process: its CPU, the core choice made for it and the loaded OpenBLAS (if loaded). */
    public static Map<String, Object> current() {
        return of(CpuInfo.read(), BlasCore.prepare(), BlasCore.inUse());
    }

    public static Map<String, Object> of(CpuInfo cpu, BlasCore.Choice choice, Optional<BlasCore.InUse> inUse) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpu.describe());
        m.put("vector_extensions", cpu.vectorExtensions());
        m.put("cores", cpu.cores());
        m.put("clock_mhz", cpu.mhz());
        m.put("peak_gflops", cpu.peakGflops());
        m.put("peak_formula", cpu.peakFormula() + " (cores x vector lanes x FMA units x 2 FLOP x clock)");
        Map<String, Object> blas = new LinkedHashMap<>();
        blas.put("core_choice", choice.core() == null ? "OpenBLAS's own detection" : choice.core());
        blas.put("choice_source", choice.source().name().toLowerCase(Locale.ROOT));
        blas.put("choice_reason", choice.reason());
        inUse.ifPresent(u -> {
            blas.put("library", u.config());
            blas.put("core_in_use", u.core());
            blas.put("threads", u.threads());
            blas.put("kernel_peak_gflops", kernelPeakGflops(cpu, u.core()));
        });
        m.put("blas", blas);
        m.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        return m;
    }

    /** The machine's peak at the vector width of an OpenBLAS core's kernels: 512-bit sets, 256-bit sets, else SSE. */
    static double kernelPeakGflops(CpuInfo cpu, String core) {
        String c = core.toLowerCase(Locale.ROOT);
        int bits = c.contains("skylakex") || c.contains("cooperlake") || c.contains("sapphirerapids") ? 512
                : c.contains("haswell") || c.contains("zen") || c.contains("sandybridge") ? 256 : 128;
        int fma = c.contains("sandybridge") || bits == 128 ? 1 : cpu.fmaUnits();
        return cpu.cores() * Math.min(bits, cpu.vectorBits()) / 32.0 * fma * 2 * cpu.mhz() / 1e3;
    }

    /**
     * A rate on {@code cores} of the machine's cores next to both peaks of those cores:
     * {gflops, cores, percent_of_peak, percent_of_kernel_peak}.
     */
    public static Map<String, Object> rate(double gflops, int cores, Map<String, Object> machine) {
        double share = (double) cores / (int) machine.get("cores");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("gflops", gflops);
        r.put("cores", cores);
        r.put("percent_of_peak", 100 * gflops / ((double) machine.get("peak_gflops") * share));
        Object kernelPeak = ((Map<?, ?>) machine.get("blas")).get("kernel_peak_gflops");
        if (kernelPeak instanceof Double k) {
            r.put("percent_of_kernel_peak", 100 * gflops / (k * share));
        }
        return r;
    }
}
