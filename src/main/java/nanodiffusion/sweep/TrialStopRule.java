package nanodiffusion.sweep;

import nanodiffusion.train.Deadline;
import nanodiffusion.train.LossHistory;
import nanodiffusion.train.StopRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * When one trial of a sweep stops before train.steps: at the first round past its wall-clock budget, if any, or, with
 * early stopping, at a rung step where the rung board decides so after it reports its recent loss (mean over the
 * last tenth of the steps so far).
 */
public final class TrialStopRule implements StopRule {
    private static final Logger LOG = LoggerFactory.getLogger(TrialStopRule.class);

    private final Deadline deadline;
    private final Optional<EarlyStopping> rule;
    private final RungBoard board;
    private final String trial;
    private final List<Long> rungSteps;
    private int next;
    private RungDecision stopped;

    /** @param seconds the wall-clock budget, counted from now; empty for none */
    public TrialStopRule(OptionalDouble seconds, Optional<EarlyStopping> rule, RungBoard board, String trial,
                         long steps) {
        this.deadline = Deadline.after(seconds);
        this.rule = rule;
        this.board = board;
        this.trial = trial;
        this.rungSteps = rule.map(r -> r.rungSteps(steps)).orElse(List.of());
    }

    @Override
    public boolean stopAt(long step, LossHistory history) {
        if (deadline.passed()) {
            return true;
        }
        if (next >= rungSteps.size() || step < rungSteps.get(next)) {
            return false;
        }
        int rung = ++next;
        while (next < rungSteps.size() && step >= rungSteps.get(next)) {
            next++; // a round longer than the gap between rungs: decide once, at the last rung passed
            rung = next;
        }
        double loss = history.meanOfLast(Math.max(1, step / 10));
        RungDecision d = board.report(rule.orElseThrow(), trial, rung, step, loss);
        LOG.info("trial {} early stopping {}", trial, d.describe());
        if (!d.goOn()) {
            stopped = d;
        }
        return !d.goOn();
    }

    /** The early-stopping decision that stopped the trial, if one did. */
    public Optional<RungDecision> stopped() {
        return Optional.ofNullable(stopped);
    }
}
