package nanodiffusion.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sample quality against a fresh true draw; names follow metrics.json. */
public record SampleMetrics(double slicedW1, double radialW1, double angularW1, double meanRadius, double stdRadius,
                            long nSamples, long nNonfinite) {
    public Map<String, Object> asJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sliced_w1", slicedW1);
        m.put("radial_w1", radialW1);
        m.put("angular_w1", angularW1);
        m.put("mean_radius", meanRadius);
        m.put("std_radius", stdRadius);
        m.put("n_samples", nSamples);
        m.put("n_nonfinite", nNonfinite);
        return m;
    }
}
