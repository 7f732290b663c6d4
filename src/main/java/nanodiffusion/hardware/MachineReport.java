package nanodiffusion.hardware;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a run or a benchmark ran on: the CPU, the OpenBLAS core choice made for this process and, once OpenBLAS is
 * loaded, what it reports. Rates are given against two peaks: the machine's ({@link CpuInfo#peakGflops}) and that of
 * the vector width of the BLAS kernels in use (an AVX2 kernel set on an AVX-512 machine can reach half the peak).
 */
public record MachineReport(CpuInfo cpu, BlasCore.Choice choice, Optional<BlasCore.InUse> blas) {
    /** This process: its CPU, the core choice made for it and the loaded OpenBLAS (if loaded). */
    public static MachineReport current() {
        return new MachineReport(CpuInfo.read(), BlasCore.prepare(), BlasCore.inUse());
    }

    /** The machine's peak at the vector width of the loaded OpenBLAS core's kernels; NaN before it is loaded. */
    public double kernelPeakGflops() {
        return blas.map(b -> kernelPeakGflops(cpu, b.core())).orElse(Double.NaN);
    }

    /** 512-bit kernel sets, 256-bit sets (Sandybridge without FMA), else SSE. */
    static double kernelPeakGflops(CpuInfo cpu, String core) {
        String c = core.toLowerCase(Locale.ROOT);
        int bits = c.contains("skylakex") || c.contains("cooperlake") || c.contains("sapphirerapids") ? 512
                : c.contains("haswell") || c.contains("zen") || c.contains("sandybridge") ? 256 : 128;
        int fma = c.contains("sandybridge") || bits == 128 ? 1 : cpu.fmaUnits();
        return cpu.cores() * Math.min(bits, cpu.vectorBits()) / 32.0 * fma * 2 * cpu.mhz() / 1e3;
    }

    /** The JSON form in run.json and bench's output. */
    public Map<String, Object> asJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpu.describe());
        m.put("vector_extensions", cpu.vectorExtensions());
        m.put("cores", cpu.cores());
        m.put("clock_mhz", cpu.mhz());
        m.put("peak_gflops", cpu.peakGflops());
        m.put("peak_formula", cpu.peakFormula() + " (cores x vector lanes x FMA units x 2 FLOP x clock)");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("core_choice", choice.core() == null ? "OpenBLAS's own detection" : choice.core());
        b.put("choice_source", choice.source().name().toLowerCase(Locale.ROOT));
        b.put("choice_reason", choice.reason());
        blas.ifPresent(u -> {
            b.put("library", u.config());
            b.put("core_in_use", u.core());
            b.put("threads", u.threads());
            b.put("kernel_peak_gflops", kernelPeakGflops());
        });
        m.put("blas", b);
        m.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        return m;
    }

    /** Three lines for a benchmark's header: the CPU, its peak, the BLAS kernels and threads. */
    public String describe() {
        return String.format(Locale.ROOT, "CPU: %s, %d cores, %s%npeak %.0f GFLOP/s = %s%nBLAS: %s, core %s (%s), "
                        + "%s thread(s); kernel peak %.0f GFLOP/s; OMP_NUM_THREADS=%s%n",
                cpu.describe(), cpu.cores(), String.join(" ", cpu.vectorExtensions()), cpu.peakGflops(),
                cpu.peakFormula() + " (cores x vector lanes x FMA units x 2 FLOP x clock)",
                blas.map(BlasCore.InUse::config).orElse(null), blas.map(BlasCore.InUse::core).orElse(null),
                choice.reason(), blas.map(BlasCore.InUse::threads).orElse(null), kernelPeakGflops(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    }

    /** The peak of {@code cores} of the machine's cores. */
    public double peakGflops(int cores) {
        return cpu.peakGflops() * cores / cpu.cores();
    }

    /**
     * A rate on {@code cores} of the machine's cores next to both peaks of those cores:
     * {gflops, cores, percent_of_peak, percent_of_kernel_peak}.
     */
    public Map<String, Object> rate(double gflops, int cores) {
        double share = (double) cores / cpu.cores();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("gflops", gflops);
        r.put("cores", cores);
        r.put("percent_of_peak", 100 * gflops / (cpu.peakGflops() * share));
        if (blas.isPresent()) {
            r.put("percent_of_kernel_peak", 100 * gflops / (kernelPeakGflops() * share));
        }
        return r;
    }
}
