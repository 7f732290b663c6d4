package nanodiffusion.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample-quality bounds the cluster tests' small run (StandaloneClusterIT's settings: 200 steps on two workers,
 * 4,000 samples, 32 directions) must meet on any cluster manager: each metric over the mean of three exact draws of
 * the same size. Measured with the default seed: on YARN (three runs, the same to the last digit) sliced 2.01,
 * energy 3.40, radial-exact 6.98; on the standalone cluster and in local[2] sliced 1.80, energy 2.78, radial-exact
 * 7.11. The difference is the OpenBLAS kernels: YARN's containers do not inherit the test machine's
 * OPENBLAS_CORETYPE=Haswell, so their executors chose SkylakeX from the CPU; the losses then agree to 3 digits
 * (0.5798 / 0.5799 at step 100) and 200 steps amplify the rest. The bounds are 1.5 times the larger of each pair: room
 * for such a change of kernels, while a model that has not learnt the ring is far above (20 steps instead of 200,
 * locally: sliced 56, energy 826, radial-exact 748).
 */
final class ClusterQuality {
    private static final Map<String, Double> BOUNDS = Map.of("sliced_w1_ratio", 3.0, "energy_distance_ratio", 5.1,
            "radial_w1_exact_ratio", 10.7);

    private ClusterQuality() {
    }

    static void assertMeetsBounds(JsonNode metrics) {
        BOUNDS.forEach((key, bound) -> {
            assertTrue(metrics.has(key), key + " in " + metrics);
            double ratio = metrics.get(key).asDouble();
            assertTrue(ratio > 0 && ratio < bound, key + " = " + ratio + ", bound " + bound);
        });
        System.out.printf("quality: sliced %.3f radial-exact %.3f energy %.3f%n", metrics.get("sliced_w1_ratio").asDouble(),
                metrics.get("radial_w1_exact_ratio").asDouble(), metrics.get("energy_distance_ratio").asDouble());
    }
}
