package nanodiffusion.bench;

import nanodiffusion.hardware.MachineReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as a table: median, min, max, ms per step, achieved GFLOP/s and share of the peak. */
final class BenchTable {
    private BenchTable() {
    }

    /** A case's achieved GFLOP/s at its median, NaN when it has no FLOP count. */
    static double gflops(Benchmarks bench, Measurement m) {
        return m.unit().equals("samples/s") ? bench.trainingGflops(m.median()) : m.gflops();
    }

    static Map<String, Object> withRate(Benchmarks bench, Measurement m, MachineReport machine) {
        Map<String, Object> json = new LinkedHashMap<>(m.asJson());
        double g = gflops(bench, m);
        if (!Double.isNaN(g)) {
            json.put("rate", machine.rate(g, m.cores()));
        }
        return json;
    }

    static String of(Benchmarks bench, List<Measurement> results, MachineReport machine) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-62s %12s %12s %12s  %-9s %9s %8s %7s%n",
                "case", "median", "min", "max", "unit", "ms/step", "GFLOP/s", "% peak"));
        for (Measurement m : results) {
            double peak = machine.peakGflops(m.cores()); // of the cores the case runs on
            boolean throughput = m.unit().equals("samples/s");
            double g = gflops(bench, m);
            sb.append(String.format(Locale.ROOT, "%-62s %12.2f %12.2f %12.2f  %-9s %9s %8s %7s%n", m.name(), m.median(),
                    m.min(), m.max(), m.unit(),
                    throughput ? String.format(Locale.ROOT, "%.1f", bench.msPerStep(m)) : "",
                    Double.isNaN(g) ? "" : String.format(Locale.ROOT, "%.1f", g),
                    Double.isNaN(g) ? "" : String.format(Locale.ROOT, "%.1f", 100 * g / peak)));
        }
        return sb.toString();
    }
}
