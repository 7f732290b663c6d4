package nanodiffusion.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sample quality against a fresh true draw; names follow metrics.json. The angular W1 exists in 2D only (NaN and
 * left out of the JSON otherwise); the per-coordinate W1 is the mean and the max over the d coordinates.
 */
public record SampleMetrics(int dim, double slicedW1, double radialW1, double angularW1, double meanRadius, double stdRadius,
                            double coordinateW1Mean, double coordinateW1Max, long nSamples, long nNonfinite) {
    public Map<String, Object> asJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sliced_w1", slicedW1);
        m.put("radial_w1", radialW1);
        if (dim == 2) {
            m.put("angular_w1", angularW1);
        }
        m.put("mean_radius", meanRadius);
        m.put("std_radius", stdRadius);
        m.put("n_samples", nSamples);
        m.put("n_nonfinite", nNonfinite);
        m.put("coordinate_w1_mean", coordinateW1Mean);
        m.put("coordinate_w1_max", coordinateW1Max);
        return m;
    }
}
