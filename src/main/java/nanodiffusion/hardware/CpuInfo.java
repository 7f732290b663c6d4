package nanodiffusion.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU as Linux reports it in /proc/cpuinfo (first processor), with the cores this JVM may use, and the peak
 * single-precision rate derived from it:
 * <pre>
 *   peak FLOP/s = cores x (vector bits / 32) x FMA units x 2 x clock
 * </pre>
 * vector bits 512 with AVX-512F, 256 with AVX, 128 otherwise (AMD family 0x19 - Zen 4 - runs 512-bit operations on
 * 256-bit units, so 256 there); 2 FMA units with FMA or AVX-512 (every x86 core since Haswell and Zen has two FMA
 * pipes at its vector width; a few Xeon Silver/Bronze parts have one AVX-512 unit, which /proc/cpuinfo does not
 * tell), 1 otherwise; clock the "cpu MHz" Linux reports (nominal under most hypervisors; turbo can be higher).
 */
public record CpuInfo(String vendor, String modelName, int family, int model, double mhz, int cores, Set<String> flags) {
    private static final List<String> VECTOR_EXTENSIONS = List.of("sse2", "sse4_2", "avx", "fma", "avx2", "avx512f",
            "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile",
            "amx_bf16");
    private static final List<String> AVX512_FOR_SKYLAKEX = List.of("avx512f", "avx512cd", "avx512bw", "avx512dq",
            "avx512vl");

    public static final CpuInfo UNKNOWN = new CpuInfo("unknown", "unknown", -1, -1, Double.NaN,
            Runtime.getRuntime().availableProcessors(), Set.of());

    /** This machine's CPU; {@link #UNKNOWN} where /proc/cpuinfo cannot be read (not Linux). */
    public static CpuInfo read() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors());
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The first processor block of a /proc/cpuinfo text. */
    public static CpuInfo parse(String cpuinfo, int cores) {
        String vendor = "unknown";
        String name = "unknown";
        int family = -1;
        int model = -1;
        double mhz = Double.NaN;
        Set<String> flags = Set.of();
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank()) {
                if (!flags.isEmpty()) {
                    break; // the first processor is complete
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "model name" -> name = value;
                case "cpu family" -> family = Integer.parseInt(value);
                case "model" -> model = Integer.parseInt(value);
                case "cpu MHz" -> mhz = Double.parseDouble(value);
                case "flags" -> flags = new LinkedHashSet<>(Arrays.asList(value.split("\\s+")));
                default -> { }
            }
        }
        return new CpuInfo(vendor, name, family, model, mhz, cores, Set.copyOf(flags));
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public boolean isAmd() {
        return vendor.equals("AuthenticAMD");
    }

    /** The full AVX-512 set of Skylake-SP (F, CD, BW, DQ, VL): what OpenBLAS's SkylakeX kernels use. */
    public boolean hasSkylakeXAvx512() {
        return AVX512_FOR_SKYLAKEX.stream().allMatch(flags::contains);
    }

    /** The vector extensions of interest to the math libraries, in order of age. */
    public List<String> vectorExtensions() {
        return VECTOR_EXTENSIONS.stream().filter(flags::contains).toList();
    }

    /** Width of the vector units as they execute, in bits (see the class comment). */
    public int vectorBits() {
        if (has("avx512f")) {
            return isAmd() && family == 0x19 ? 256 : 512;
        }
        return has("avx") ? 256 : 128;
    }

    public int fmaUnits() {
        return has("fma") || has("avx512f") ? 2 : 1;
    }

    /** Peak single-precision GFLOP/s of the cores this JVM may use; NaN when the clock is unknown. */
    public double peakGflops() {
        return cores * (vectorBits() / 32.0) * fmaUnits() * 2 * mhz / 1e3;
    }

    /** The formula with this machine's numbers, e.g. "2 cores x 16 lanes x 2 FMA x 2 x 2.60 GHz". */
    public String peakFormula() {
        return String.format(Locale.ROOT, "%d cores x %d lanes x %d FMA x 2 x %.2f GHz", cores, vectorBits() / 32,
                fmaUnits(), mhz / 1e3);
    }

    /** "AMD EPYC (AuthenticAMD family 26 model 2)". */
    public String describe() {
        return String.format(Locale.ROOT, "%s (%s family %d model %d)", modelName, vendor, family, model);
    }
}
