package nanodiffusion.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Repeated timings of one benchmark case on {@code cores} cores, reduced to min / median / max. {@code workPerRun} is
 * the useful FLOP count of one run (0 when not meaningful), giving achieved GFLOP/s at the median.
 */
public record Measurement(String name, String unit, int cores, double[] values, double workPerRun,
                          double secondsPerValue) {
    public double median() {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public double min() {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    public double max() {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** Achieved GFLOP/s at the median run time; NaN when the case has no FLOP count. */
    public double gflops() {
        return workPerRun > 0 ? workPerRun / (median() * secondsPerValue) / 1e9 : Double.NaN;
    }

    public Map<String, Object> asJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("unit", unit);
        m.put("cores", cores);
        m.put("median", median());
        m.put("min", min());
        m.put("max", max());
        m.put("runs", values.length);
        m.put("values", values);
        if (workPerRun > 0) {
            m.put("gflops", gflops());
        }
        return m;
    }
}
