package nanodiffusion.eval;

import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.RingDistribution;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrawGroupsTest {
    private static final RingDistribution RING = new RingDistribution(200);
    private static final int GROUP = 10_000;

    private static double[] ring(long seed, int n) {
        return RING.sampler(RandomStreams.open(seed, RandomStreams.Domain.SAMPLE)).points(n);
    }

    private static Map<String, Object> grouped(double[] interleaved, int groups) {
        SampleEvaluator evaluator = new SampleEvaluator(RING, 32, 5);
        return DrawGroups.evaluate(PointCloud.interleaved(interleaved, 2), groups, evaluator,
                new QualityFloors(RING, evaluator, 4, 5)).floors();
    }

    @SuppressWarnings("unchecked")
    private static List<Double> groupRatios(Map<String, Object> m, String key) {
        return (List<Double>) m.get(key + "_groups");
    }

    @Test
    void exactSamplesScoredInGroupsAverageToOneWithinAPerfectSamplersErrorOfTheMean() {
        Map<String, Object> m = grouped(ring(99, 8 * GROUP), 8);
        assertEquals(8, m.get("eval_groups"));
        assertEquals(GROUP, m.get("group_size"));
        for (String key : List.of("sliced_w1_ratio", "radial_w1_exact_ratio", "angular_w1_exact_ratio")) {
            double mean = (double) m.get(key);
            // a perfect sampler's mean of 8 draws strays from 1 by spread / sqrt(8); allow three of those
            double error = (double) m.get(key + "_spread") / Math.sqrt(8);
            assertTrue(Math.abs(mean - 1) < 3 * error, key + " " + mean + " +- " + error);
            assertEquals(8, groupRatios(m, key).size(), key);
        }
    }

    @Test
    void aRingOnePercentTooLargeFailsInEveryGroup() {
        double[] points = ring(99, 4 * GROUP);
        for (int i = 0; i < points.length; i++) {
            points[i] *= 1.01; // 1% on a ring whose radius spread is 7%
        }
        Map<String, Object> m = grouped(points, 4);
        for (double ratio : groupRatios(m, "radial_w1_exact_ratio")) {
            assertTrue(ratio > 3, "radial ratio of a group: " + ratio);
        }
        double mean = (double) m.get("radial_w1_exact_ratio");
        assertTrue(mean - 1 > 10 * (double) m.get("radial_w1_exact_ratio_stderr"), "mean " + mean + " " + m);
    }

    @Test
    void eachGroupScoresAsARunOfItsSizeAgainstTheTrueDrawItsFloorsSaw() {
        double[] points = ring(99, 3 * GROUP);
        Map<String, Object> m = grouped(points, 3);
        SampleEvaluator evaluator = new SampleEvaluator(RING, 32, 5);
        for (int g = 0; g < 3; g++) {
            // the group alone, as evaluate scores a run of GROUP points: one true draw for the metric and its floors
            PointCloud group = PointCloud.interleaved(points, 2).slice(g * GROUP, (g + 1) * GROUP);
            PointCloud truth = evaluator.truth(GROUP);
            Map<String, Object> alone = new QualityFloors(RING, evaluator, 4, 5).evaluate(group, truth).keys();
            for (String key : List.of("sliced_w1_ratio", "energy_distance_ratio", "radial_w1_exact_ratio")) {
                assertEquals((double) alone.get(key), groupRatios(m, key).get(g), 1e-12, key + " of group " + g);
            }
        }
        assertNotEquals(groupRatios(m, "sliced_w1_ratio").get(0), groupRatios(m, "sliced_w1_ratio").get(1));
    }

    @Test
    void aGroupWithoutFiniteSamplesLeavesTheRatiosOutRatherThanAveragingTheOthers() {
        double[] points = ring(99, 2 * GROUP);
        java.util.Arrays.fill(points, 2 * GROUP, points.length, Double.NaN);
        SampleEvaluator evaluator = new SampleEvaluator(RING, 32, 5);
        DrawGroups.Scores s = DrawGroups.evaluate(PointCloud.interleaved(points, 2), 2, evaluator,
                new QualityFloors(RING, evaluator, 4, 5));
        assertFalse(s.floors().containsKey("radial_w1_exact_ratio"), s.floors().toString());
        assertEquals(2L * GROUP, s.metrics().nSamples());
        assertEquals(GROUP, s.metrics().nNonfinite());
    }
}
