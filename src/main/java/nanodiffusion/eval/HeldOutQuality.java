package nanodiffusion.eval;

import nanodiffusion.data.Standardization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sample quality of a table model against its held-out rows. The held-out rows come in a random order; the first m
 * are the reference A, the next K runs of m are K further independent draws B_1 .. B_K (K = eval.floorDraws), and
 * K disjoint runs of m samples S_1 .. S_K are scored, with m = min(samples / K, held-out / (K + 1)). Each metric is
 * the mean over k of the metric S_k-vs-A, its floor the mean of B_k-vs-A - what exact draws of the table's law
 * score at this size - with the ratio next to it. (One pair alone is too noisy to judge by: on the 1M-row demo
 * table, sliced W1 between two random halves of the held-out rows varied from 0.0056 to 0.0086 over six splits.)
 * Sliced W1, the energy distance and the per-coordinate W1 summary are taken on standardised columns (so columns
 * of different units weigh alike); W1 per column is given in the table's units ({@code w1.<column>}) and
 * standardised ({@code w1_standardized.<column>}).
 */
public final class HeldOutQuality {
    private final List<String> columns;
    private final Standardization standardization;
    private final double[][] directions;
    private final int draws;

    public HeldOutQuality(List<String> columns, Standardization standardization, int directions, int draws) {
        this.columns = columns;
        this.standardization = standardization;
        this.directions = SampleEvaluator.directions(directions, columns.size());
        this.draws = draws;
    }

    /** The metrics.json keys; {@code heldOut} in its random order, both clouds in the table's units. */
    public Map<String, Object> evaluate(PointCloud samples, PointCloud heldOut) {
        PointCloud finite = samples.finite();
        int m = Math.min(finite.size() / draws, heldOut.size() / (draws + 1));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n_samples", samples.size());
        out.put("n_nonfinite", samples.size() - finite.size());
        out.put("held_out_rows", heldOut.size());
        out.put("eval_points", m);
        out.put("floor_draws", draws);
        if (m < 2) {
            return out;
        }
        PointCloud a = heldOut.head(m);
        PointCloud za = standardized(a); // once: every draw is measured against it
        Map<String, Double> metric = new LinkedHashMap<>();
        Map<String, Double> floor = new LinkedHashMap<>();
        for (int k = 0; k < draws; k++) {
            measure(finite.slice(k * m, (k + 1) * m), a, za).forEach((key, v) -> metric.merge(key, v / draws, Double::sum));
            measure(heldOut.slice((k + 1) * m, (k + 2) * m), a, za)
                    .forEach((key, v) -> floor.merge(key, v / draws, Double::sum));
        }
        metric.forEach((key, value) -> {
            out.put(key, value);
            out.put(key + "_floor", floor.get(key));
            out.put(key + "_ratio", value / floor.get(key));
        });
        out.put("energy_subsample", Math.min(QualityFloors.ENERGY_SUBSAMPLE, m));
        return out;
    }

    /** Metrics of {@code cloud} against {@code reference} (table units) and its standardised copy {@code zr}. */
    private Map<String, Double> measure(PointCloud cloud, PointCloud reference, PointCloud zr) {
        PointCloud z = standardized(cloud);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sliced_w1", SampleEvaluator.sliced(z, zr, directions));
        m.put("energy_distance", EnergyDistance.of(z, zr, QualityFloors.ENERGY_SUBSAMPLE));
        double[] perColumn = SampleEvaluator.coordinates(z, zr);
        m.put("coordinate_w1_mean", SampleEvaluator.mean(perColumn));
        m.put("coordinate_w1_max", SampleEvaluator.max(perColumn));
        double[] units = SampleEvaluator.coordinates(cloud, reference);
        for (int c = 0; c < columns.size(); c++) {
            m.put("w1." + columns.get(c), units[c]);
        }
        for (int c = 0; c < columns.size(); c++) {
            m.put("w1_standardized." + columns.get(c), perColumn[c]);
        }
        return m;
    }

    private PointCloud standardized(PointCloud p) {
        double[][] cols = new double[p.dim()][];
        for (int c = 0; c < cols.length; c++) {
            double mean = standardization.mean()[c];
            double std = standardization.std()[c];
            cols[c] = java.util.Arrays.stream(p.coordinate(c)).map(v -> (v - mean) / std).toArray();
        }
        return new PointCloud(cols);
    }

}
