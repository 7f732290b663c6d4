package nanodiffusion.sweep;

import nanodiffusion.config.ConfigError;
import nanodiffusion.config.Settings;
import nanodiffusion.data.RandomStreams;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Expands a spec into trials: every point of the grid (first key slowest), times every lr-scaling power, times
 * {@code random.draws} draws of the random keys. Draw d of grid point g comes from the stream (random.seed, SWEEP,
 * g, d), so the expansion is the same on every restart. A samples budget turns into train.steps per batch size.
 * A combination whose settings equal an earlier one's (every lr power at the base batch size) is not a new trial.
 */
public final class TrialExpansion {
    static final String BATCH_KEY = Settings.TRAIN_BATCH_SIZE.key();

    private TrialExpansion() {
    }

    /** @param sharedBatchSize train.batchSize of the shared settings, for trials that do not vary it */
    public static List<Trial> expand(SweepSpec spec, int sharedBatchSize) {
        List<Map<String, Object>> points = gridPoints(spec.grid());
        List<Trial> trials = new ArrayList<>();
        java.util.Set<Map<String, String>> seen = new java.util.HashSet<>();
        for (int g = 0; g < points.size(); g++) {
            List<Double> powers = spec.lrScaling().isPresent() ? spec.lrScaling().get().powers() : List.of(Double.NaN);
            for (double power : powers) {
                int draws = Math.max(1, spec.randomDraws());
                for (int d = 0; d < draws; d++) {
                    Map<String, Object> varied = new LinkedHashMap<>(points.get(g));
                    if (spec.randomDraws() > 0) {
                        UniformRandomProvider rng = RandomStreams.open(spec.randomSeed(), RandomStreams.Domain.SWEEP, g, d);
                        spec.random().forEach((key, dist) -> varied.put(key, dist.draw(rng)));
                    }
                    Trial t = trial(spec, trials.size(), varied, power, sharedBatchSize);
                    if (seen.add(t.settings())) { // e.g. every lr power at the base batch size gives the same lr
                        trials.add(t);
                    }
                }
            }
        }
        return trials;
    }

    private static Trial trial(SweepSpec spec, int index, Map<String, Object> varied, double power, int sharedBatch) {
        int batch = varied.containsKey(BATCH_KEY) ? batchSize(varied.get(BATCH_KEY)) : sharedBatch;
        Map<String, String> settings = new LinkedHashMap<>();
        varied.forEach((k, v) -> settings.put(k, String.valueOf(v)));
        if (spec.lrScaling().isPresent()) {
            varied.put(LrScaling.POWER_KEY, power);
            settings.put(Settings.TRAIN_LR.key(), String.valueOf(spec.lrScaling().get().lr(batch, power)));
        }
        OptionalLong steps = spec.budget().steps(batch);
        steps.ifPresent(s -> settings.put(Settings.TRAIN_STEPS.key(), String.valueOf(s)));
        return new Trial(Trial.idOf(index), varied, settings);
    }

    private static int batchSize(Object value) {
        try {
            double d = Double.parseDouble(String.valueOf(value));
            if (d == Math.rint(d) && d >= 1 && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ConfigError.of("sweep.grid." + BATCH_KEY, value, "must be a positive whole number");
    }

    /** The Cartesian product of the grid, first key varying slowest; one empty point for an empty grid. */
    static List<Map<String, Object>> gridPoints(Map<String, List<Object>> grid) {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : points) {
                for (Object v : axis.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }
}
