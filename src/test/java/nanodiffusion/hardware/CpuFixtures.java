package nanodiffusion.hardware;

/** /proc/cpuinfo texts of CPUs this project meets (first processor, flags cut to what matters here). */
final class CpuFixtures {
    private CpuFixtures() {
    }

    static CpuInfo cpu(String vendor, int family, int model, String name, double mhz, String flags) {
        return CpuInfo.parse("processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family + "\nmodel\t\t: "
                + model + "\nmodel name\t: " + name + "\ncpu MHz\t\t: " + mhz + "\nflags\t\t: " + flags
                + "\n\nprocessor\t: 1\nvendor_id\t: other\n", 2);
    }

    /** Intel Xeon family 6 model 207 (Emerald Rapids): unknown to OpenBLAS 0.3.19, which falls back to Prescott. */
    static final CpuInfo XEON_MODEL_207 = cpu("GenuineIntel", 6, 207, "INTEL(R) XEON(R) PLATINUM 8573C", 2100.0,
            "fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512cd avx512bw avx512vl "
                    + "avx512_vnni avx512_bf16 avx512_fp16 amx_bf16 amx_tile amx_int8");
    /** AMD EPYC family 26 (Zen 5): unknown to OpenBLAS 0.3.19, which falls back to Barcelona. */
    static final CpuInfo EPYC_ZEN5 = cpu("AuthenticAMD", 26, 2, "AMD EPYC", 2596.098,
            "fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16");
    /** AMD EPYC family 25 model 17 (Zen 4): AVX-512 on 256-bit units. */
    static final CpuInfo EPYC_ZEN4 = cpu("AuthenticAMD", 25, 17, "AMD EPYC 9R14", 2600.0,
            "fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2 avx512f avx512dq avx512cd avx512bw avx512vl");
    /** AMD EPYC family 25 model 1 (Zen 3): AVX2, no AVX-512. */
    static final CpuInfo EPYC_ZEN3 = cpu("AuthenticAMD", 25, 1, "AMD EPYC 7R13", 2650.0,
            "fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2");
    /** Intel Xeon E5 v3 (Haswell). */
    static final CpuInfo XEON_HASWELL = cpu("GenuineIntel", 6, 63, "Intel(R) Xeon(R) CPU E5-2676 v3", 2400.0,
            "fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2");
    /** Intel Xeon E5 v2 (Ivy Bridge): AVX without FMA. */
    static final CpuInfo XEON_IVY_BRIDGE = cpu("GenuineIntel", 6, 62, "Intel(R) Xeon(R) CPU E5-2680 v2", 2800.0,
            "fpu sse sse2 ssse3 sse4_1 sse4_2 avx");
    /** Intel Core 2: SSE only. */
    static final CpuInfo CORE2 = cpu("GenuineIntel", 6, 23, "Intel(R) Core(TM)2 Duo CPU E8400", 3000.0,
            "fpu sse sse2 ssse3 sse4_1");
}
