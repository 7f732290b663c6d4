package nanodiffusion.eval;

import org.apache.commons.math3.stat.StatUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A large sample scored as {@code groups} independent draws of equal size m = n / groups, as a bar such as "every
 * ratio <= 1.2 at 1M" asks: one exact 1M ring draw's radial ratio falls anywhere from 0.3 to 2 ({@link QualityFloors}),
 * so a single draw cannot decide it, the mean over several can. Group g is points [g m, (g + 1) m) of the samples
 * (each point an independent draw of the model, so every split is), scored as a whole run's samples of m points are:
 * against the true draw of m points its floors were measured on (drawn once). The sliced W1, energy distance and
 * per-coordinate W1 depend on that true draw as much as on the samples, and a ratio is only fair when its floor saw
 * the same one: scored against a group's own true draw, exact 1M ring draws' energy distance (first 5,000 points)
 * varied 4-8 fold with the true draw alone, and two groups of 4 read 8.7 and 8.1 against floors of another draw.
 * Each key is the mean over the groups (counts summed); each ratio comes with the groups' ratios
 * ({@code *_ratio_groups}) and the standard error of their mean ({@code *_ratio_stderr}: their sample standard
 * deviation over sqrt(groups)), and {@code *_ratio_spread} keeps its meaning: how far one exact draw of m points
 * strays from 1.
 */
public final class DrawGroups {
    private static final Logger LOG = LoggerFactory.getLogger(DrawGroups.class);

    private DrawGroups() {
    }

    /**
     * The mean metrics over the groups (as {@link SampleEvaluator} measures them), the metrics.json keys, and the
     * true draw of one group's size every group was scored against.
     */
    public record Scores(SampleMetrics metrics, Map<String, Object> floors, PointCloud truth) {
    }

    /**
     * {@code samples} as {@code groups} equal groups ({@code groups} must divide their size), each against the true
     * draw of {@code evaluator} at the group's size and the floors of {@code quality} measured on it.
     */
    public static Scores evaluate(PointCloud samples, int groups, SampleEvaluator evaluator, QualityFloors quality) {
        if (groups < 1 || samples.size() % groups != 0) {
            throw new IllegalArgumentException(samples.size() + " samples do not split into " + groups
                    + " equal groups");
        }
        int m = samples.size() / groups;
        PointCloud truth = evaluator.truth(m);
        List<PointCloud> parts = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            parts.add(samples.slice(g * m, (g + 1) * m));
        }
        List<QualityFloors.Scored> scored = quality.evaluate(parts, truth);
        List<SampleMetrics> metrics = new ArrayList<>();
        List<Map<String, Object>> keys = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            Map<String, Object> k = scored.get(g).keys();
            metrics.add(scored.get(g).metrics());
            keys.add(k);
            LOG.info("group {} of {} ({} points), ratio to a perfect sampler: sliced_w1 {}, radial_w1_exact {}, "
                    + "angular_w1_exact {}", g + 1, groups, m, shown(k.get("sliced_w1_ratio")),
                    shown(k.get("radial_w1_exact_ratio")), shown(k.get("angular_w1_exact_ratio")));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eval_groups", groups);
        json.put("group_size", m);
        json.putAll(meanOver(keys));
        return new Scores(meanOf(metrics), json, truth);
    }

    /**
     * Each number the groups all have, as their mean (whole numbers, which are the same in every group, as the first
     * group's); after each ratio its groups' values and the standard error of their mean.
     */
    static Map<String, Object> meanOver(List<Map<String, Object>> groups) {
        Map<String, Object> out = new LinkedHashMap<>();
        groups.get(0).forEach((key, first) -> {
            if (!(first instanceof Double)) {
                out.put(key, first);
                return;
            }
            if (!groups.stream().allMatch(g -> g.get(key) instanceof Double)) {
                return; // a group without finite samples has no metrics: no mean would be honest
            }
            double[] v = groups.stream().mapToDouble(g -> (Double) g.get(key)).toArray();
            out.put(key, StatUtils.mean(v));
            if (key.endsWith("_ratio")) {
                out.put(key + "_groups", Arrays.stream(v).boxed().toList());
                out.put(key + "_stderr", Math.sqrt(StatUtils.variance(v) / v.length));
            }
        });
        return out;
    }

    private static String shown(Object ratio) {
        return ratio instanceof Double d ? String.format("%.3f", d) : "none";
    }

    /** The groups' metrics averaged, their counts summed. */
    static SampleMetrics meanOf(List<SampleMetrics> groups) {
        return new SampleMetrics(groups.get(0).dim(), mean(groups, SampleMetrics::slicedW1),
                mean(groups, SampleMetrics::radialW1), mean(groups, SampleMetrics::angularW1),
                mean(groups, SampleMetrics::meanRadius), mean(groups, SampleMetrics::stdRadius),
                mean(groups, SampleMetrics::coordinateW1Mean), mean(groups, SampleMetrics::coordinateW1Max),
                groups.stream().mapToLong(SampleMetrics::nSamples).sum(),
                groups.stream().mapToLong(SampleMetrics::nNonfinite).sum());
    }

    private static double mean(List<SampleMetrics> groups, java.util.function.ToDoubleFunction<SampleMetrics> f) {
        return groups.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
