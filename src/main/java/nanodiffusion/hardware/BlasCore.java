package nanodiffusion.hardware;

import com.sun.jna.NativeLibrary;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Which kernels OpenBLAS (ND4J's BLAS, 0.3.19 as bundled with ND4J 1.0.0-M2) runs, chosen before it is loaded.
 * OpenBLAS picks its kernels once, when the library loads, from its own table of CPU models, or from
 * OPENBLAS_CORETYPE. Its 0.3.19 table predates recent CPUs and then falls back to SSE-era kernels (measured:
 * Prescott on Intel Xeon family 6 model 207, Barcelona on AMD EPYC family 26, at a quarter to a third of the
 * speed). So, unless the environment sets OPENBLAS_CORETYPE (always respected), the core is chosen from the
 * instructions the CPU reports, as the best 0.3.19 kernel set those instructions can run:
 * <ul>
 * <li>AVX-512 F/CD/BW/DQ/VL (Intel Skylake-SP and later, AMD Zen 4 and later): SkylakeX;</li>
 * <li>AVX2 and FMA: Zen on AMD, Haswell otherwise;</li>
 * <li>AVX only: Sandybridge;</li>
 * <li>anything older: left to OpenBLAS, whose table covers every such CPU.</li>
 * </ul>
 * A kernel set needs only instructions the CPU has, so the choice cannot run an unknown instruction; the tests
 * check the products it computes against a double-precision reference.
 */
public final class BlasCore {
    private static final Logger LOG = LoggerFactory.getLogger(BlasCore.class);
    public static final String VARIABLE = "OPENBLAS_CORETYPE";

    /** Where the core type came from. */
    public enum Source { ENVIRONMENT, CPU_FEATURES, OPENBLAS }

    /**
     * The choice: {@code core} is null when OpenBLAS detects it itself; {@code applied} says whether it was in the
     * process environment before OpenBLAS loaded.
     */
    public record Choice(String core, Source source, String reason, boolean applied) {
        public String describe() {
            return (core == null ? "OpenBLAS's own detection" : core) + " (" + reason + ")";
        }
    }

    private static Choice prepared;
    private static boolean logged;

    private BlasCore() {
    }

    /** The core type for {@code cpu} under the environment {@code env}. Pure: no side effects. */
    public static Choice choose(CpuInfo cpu, Map<String, String> env) {
        String fromCpu = forFeatures(cpu);
        String set = env.get(VARIABLE);
        if (set != null && !set.isBlank()) {
            String hint = fromCpu != null && !fromCpu.equalsIgnoreCase(set)
                    ? "; this CPU's instructions would choose " + fromCpu : "";
            return new Choice(set, Source.ENVIRONMENT, VARIABLE + " set in the environment" + hint, true);
        }
        if (fromCpu == null) {
            return new Choice(null, Source.OPENBLAS, "no AVX: OpenBLAS's table covers this CPU", true);
        }
        return new Choice(fromCpu, Source.CPU_FEATURES, "chosen from the CPU's " + featureNames(fromCpu), false);
    }

    static String forFeatures(CpuInfo cpu) {
        if (cpu.hasSkylakeXAvx512()) {
            return "SkylakeX";
        }
        if (cpu.has("avx2") && cpu.has("fma")) {
            return cpu.isAmd() ? "Zen" : "Haswell";
        }
        return cpu.has("avx") ? "Sandybridge" : null;
    }

    private static String featureNames(String core) {
        return switch (core) {
            case "SkylakeX" -> "AVX-512 F/CD/BW/DQ/VL";
            case "Zen", "Haswell" -> "AVX2 and FMA";
            default -> "AVX";
        };
    }

    /**
     * Makes the choice for this process once, before ND4J loads OpenBLAS: sets OPENBLAS_CORETYPE in the process
     * environment when the choice comes from the CPU's features. Call it before anything touches ND4J (the entry
     * point, and on executors the Spark plugin). Later calls return the same choice.
     */
    public static synchronized Choice prepare() {
        Choice c = prepareSilently();
        logChoice();
        return c;
    }

    /**
     * {@link #prepare} without its log line: the entry point calls this before it knows whether a command will run
     * at all (--help and --version print nothing else); {@link #logChoice} logs it once work starts.
     */
    public static synchronized Choice prepareSilently() {
        if (prepared != null) {
            return prepared;
        }
        Choice c = choose(CpuInfo.read(), System.getenv());
        if (!c.applied()) {
            if (loadedLibrary().isPresent()) {
                c = new Choice(c.core(), c.source(), c.reason() + "; not applied: OpenBLAS was already loaded", false);
            } else {
                c = setenv(VARIABLE, c.core()) ? new Choice(c.core(), c.source(), c.reason(), true)
                        : new Choice(c.core(), c.source(), c.reason() + "; not applied: setenv failed", false);
            }
        }
        prepared = c;
        return c;
    }

    /** Logs the choice made by {@link #prepareSilently} (or makes it now): once per JVM. */
    public static synchronized void logChoice() {
        if (!logged) {
            logged = true;
            LOG.info("OpenBLAS core type: {}", prepareSilently().describe());
        }
    }

    private static boolean setenv(String name, String value) {
        try {
            return NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {name, value, 1}) == 0;
        } catch (RuntimeException | LinkageError e) { // no JNA native support on this platform
            LOG.warn("could not set {} ({}); OpenBLAS detects its core itself", name, e.toString());
            return false;
        }
    }

    /** The loaded OpenBLAS library file, if ND4J has loaded it. */
    static Optional<String> loadedLibrary() {
        return Loader.getLoadedLibraries().entrySet().stream()
                .filter(e -> e.getKey().contains("openblas") && !e.getKey().contains("jni"))
                .map(Map.Entry::getValue).findFirst();
    }

    /** What the loaded OpenBLAS reports: its core in use, configuration and threads; empty before it is loaded. */
    public static Optional<InUse> inUse() {
        return loadedLibrary().flatMap(path -> {
            try {
                NativeLibrary lib = NativeLibrary.getInstance(path);
                return Optional.of(new InUse(
                        lib.getFunction("openblas_get_corename").invokeString(new Object[0], false),
                        lib.getFunction("openblas_get_config").invokeString(new Object[0], false),
                        lib.getFunction("openblas_get_num_threads").invokeInt(new Object[0])));
            } catch (RuntimeException | LinkageError e) {
                return Optional.empty();
            }
        });
    }

    /** OpenBLAS's own report: core name (e.g. SkylakeX), configuration string (version, build) and threads. */
    public record InUse(String core, String config, int threads) {
    }
}
