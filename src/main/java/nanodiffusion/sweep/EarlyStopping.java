package nanodiffusion.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (ASHA, stopping form): when a trial reaches a rung (a fraction of its training
 * steps) its recent training loss is compared with the losses every trial has recorded at that rung so far; it goes
 * on only if it is among the best ceil(n / reduction) of those n. The first trials at a rung always go on, so
 * decisions depend on the order trials arrive; each one is logged and kept in the sweep's early-stopping.csv.
 */
public record EarlyStopping(List<Double> rungs, int reduction) implements java.io.Serializable {
    public EarlyStopping {
        rungs = List.copyOf(rungs);
    }

    /** The steps of the rungs for a trial of {@code steps} steps, increasing, each at least 1 and below steps. */
    public List<Long> rungSteps(long steps) {
        List<Long> out = new ArrayList<>();
        for (double f : rungs) {
            long s = Math.max(1, Math.round(f * steps));
            if (s < steps && (out.isEmpty() || s > out.get(out.size() - 1))) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The decision for {@code trial}, given every loss recorded at this rung so far (its own included).
     * Ties go to the trial id, so a decision is reproducible from the recorded values.
     */
    public RungDecision decide(String trial, int rung, long step, double loss, Map<String, Double> recorded) {
        int n = recorded.size();
        long better = recorded.entrySet().stream().filter(e -> e.getValue() < loss
                || (e.getValue() == loss && e.getKey().compareTo(trial) < 0)).count();
        int rank = (int) better + 1;
        int kept = (n + reduction - 1) / reduction;
        boolean nonFinite = !Double.isFinite(loss);
        return new RungDecision(trial, rung, step, loss, rank, n, kept, !nonFinite && rank <= kept);
    }
}
