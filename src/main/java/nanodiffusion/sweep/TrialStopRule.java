package nanodiffusion.sweep;

import nanodiffusion.train.LossHistory;
import nanodiffusion.train.StopRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Early stopping for one trial: at each of its rung steps, reports its recent loss (mean over the last tenth of the
 * steps so far) to the rung board and stops when the board's decision says so.
 */
public final class TrialStopRule implements StopRule {
    private static final Logger LOG = LoggerFactory.getLogger(TrialStopRule.class);

    private final EarlyStopping rule;
    private final RungBoard board;
    private final String trial;
    private final List<Long> rungSteps;
    private int next;
    private RungDecision stopped;

    public TrialStopRule(EarlyStopping rule, RungBoard board, String trial, long steps) {
        this.rule = rule;
        this.board = board;
        this.trial = trial;
        this.rungSteps = rule.rungSteps(steps);
    }

    @Override
    public boolean stopAt(long step, LossHistory history) {
        if (next >= rungSteps.size() || step < rungSteps.get(next)) {
            return false;
        }
        int rung = ++next;
        while (next < rungSteps.size() && step >= rungSteps.get(next)) {
            next++; // a round longer than the gap between rungs: decide once, at the last rung passed
            rung = next;
        }
        double loss = history.meanOfLast(Math.max(1, step / 10));
        RungDecision d = board.report(rule, trial, rung, step, loss);
        LOG.info("trial {} early stopping {}", trial, d.describe());
        if (!d.goOn()) {
            stopped = d;
        }
        return !d.goOn();
    }

    /** The decision that stopped the trial, if one did. */
    public Optional<RungDecision> stopped() {
        return Optional.ofNullable(stopped);
    }
}
