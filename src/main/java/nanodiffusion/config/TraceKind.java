package nanodiffusion.config;

/**
 * How the log-likelihood computes the divergence tr(ds/dx) (eval.nllTrace): exactly, one backward pass per
 * coordinate; by Hutchinson's estimator E[v^T (ds/dx) v] with eval.nllProbes Rademacher vectors v, one backward pass
 * each, fixed per block for the whole ODE solve (as FFJORD does); or auto: exact up to
 * {@link EvalConfig#EXACT_TRACE_MAX_DIM} coordinates, Hutchinson above.
 */
public enum TraceKind implements ConfigChoice {
    AUTO, EXACT, HUTCHINSON;
}
