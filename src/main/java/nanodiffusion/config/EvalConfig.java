package nanodiffusion.config;

import static nanodiffusion.config.Settings.EVAL_DIRECTIONS;
import static nanodiffusion.config.Settings.EVAL_FLOOR_DRAWS;
import static nanodiffusion.config.Settings.EVAL_GROUPS;
import static nanodiffusion.config.Settings.EVAL_NLL_COUNT;
import static nanodiffusion.config.Settings.EVAL_NLL_PROBES;
import static nanodiffusion.config.Settings.EVAL_NLL_TOLERANCE;
import static nanodiffusion.config.Settings.EVAL_NLL_TRACE;

/**
 * Evaluation: random projection directions of the sliced Wasserstein-1 distance, the exact draws that make each
 * metric's perfect-sampler floor, the equal groups the samples are scored in (each an independent draw of the model,
 * scored against the true draw its floors saw; the metrics are the mean over groups), and for the log-likelihood
 * the number of fresh true points, the adaptive ODE tolerance and how the divergence of the score is computed
 * ({@link TraceKind}, with nllProbes probe vectors).
 */
public record EvalConfig(int directions, int floorDraws, int groups, int nllCount, double nllTolerance,
                         TraceKind nllTrace, int nllProbes) implements java.io.Serializable {
    /**
     * Largest dimension whose divergence auto computes exactly: d backward passes per score evaluation, against
     * nllProbes for the estimate, whose variance grows with d.
     */
    public static final int EXACT_TRACE_MAX_DIM = 10;

    public EvalConfig {
        ConfigError.require(directions >= 1, EVAL_DIRECTIONS, directions, "must be >= 1");
        ConfigError.require(floorDraws >= 1, EVAL_FLOOR_DRAWS, floorDraws, "must be >= 1");
        ConfigError.require(groups >= 1, EVAL_GROUPS, groups, "must be >= 1");
        ConfigError.require(nllCount >= 1, EVAL_NLL_COUNT, nllCount, "must be >= 1");
        ConfigError.require(nllTolerance > 0 && nllTolerance < 1, EVAL_NLL_TOLERANCE, nllTolerance, "must be in (0, 1)");
        ConfigError.require(nllTrace != null, EVAL_NLL_TRACE, null, "must be set");
        ConfigError.require(nllProbes >= 1, EVAL_NLL_PROBES, nllProbes, "must be >= 1");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static EvalConfig read(SettingSource s) {
        return new EvalConfig(s.get(EVAL_DIRECTIONS), s.get(EVAL_FLOOR_DRAWS), s.get(EVAL_GROUPS),
                s.get(EVAL_NLL_COUNT), s.get(EVAL_NLL_TOLERANCE), s.get(EVAL_NLL_TRACE), s.get(EVAL_NLL_PROBES));
    }

    /** The trace method for points of {@code dim} coordinates: auto resolved, the others as set. */
    public TraceKind traceFor(int dim) {
        if (nllTrace != TraceKind.AUTO) {
            return nllTrace;
        }
        return dim <= EXACT_TRACE_MAX_DIM ? TraceKind.EXACT : TraceKind.HUTCHINSON;
    }
}
