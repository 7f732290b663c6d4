package nanodiffusion.pipeline;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricValuesTest {
    @Test
    void nonFiniteAndOverflowedMetricsAreWrittenAsNullAndNamed() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sliced_w1", 2.39e114); // what 16 garbage bytes in a Parquet page once gave
        m.put("radial_w1", Double.NaN);
        m.put("energy_distance", Double.POSITIVE_INFINITY);
        m.put("angular_w1", 0.0072);
        m.put("n_samples", 2000L);
        Map<String, Object> out = EvaluateStage.withoutAbsurdValues(m);
        assertNull(out.get("sliced_w1"));
        assertNull(out.get("radial_w1"));
        assertNull(out.get("energy_distance"));
        assertEquals(0.0072, out.get("angular_w1"));
        assertEquals(2000L, out.get("n_samples"));
        assertEquals(List.of("sliced_w1", "radial_w1", "energy_distance"), out.get("invalid_metrics"));
    }

    @Test
    void plausibleMetricsPassUnchangedWithoutAnInvalidList() {
        Map<String, Object> m = Map.of("sliced_w1", 0.0046, "radial_w1_exact_ratio", 5.2);
        Map<String, Object> out = EvaluateStage.withoutAbsurdValues(m);
        assertEquals(m, out);
        assertFalse(out.containsKey("invalid_metrics"));
    }

    @Test
    void hugeAndTinyValuesPrintInExponentFormNotAsLongNumbers() {
        assertEquals("0.0046", EvaluateStage.fmt(0.0046));
        assertEquals("5.2000", EvaluateStage.fmt(5.2));
        String huge = EvaluateStage.fmt(2.39e114);
        assertTrue(huge.length() <= 10 && huge.contains("e+114"), huge);
        assertTrue(EvaluateStage.fmt(3e-7).contains("e-07"), EvaluateStage.fmt(3e-7));
    }
}
