package nanodiffusion.config;

/**
 * Evaluation: random projection directions of the sliced Wasserstein-1 distance, the exact draws that make each
 * metric's perfect-sampler floor, and for the log-likelihood the number of fresh true points and the adaptive ODE
 * tolerance.
 */
public record EvalConfig(int directions, int floorDraws, int nllCount, double nllTolerance)
        implements java.io.Serializable {
    public EvalConfig {
        ConfigError.require(directions >= 1, "eval.directions", directions, "must be >= 1");
        ConfigError.require(floorDraws >= 1, "eval.floorDraws", floorDraws, "must be >= 1");
        ConfigError.require(nllCount >= 1, "eval.nllCount", nllCount, "must be >= 1");
        ConfigError.require(nllTolerance > 0 && nllTolerance < 1, "eval.nllTolerance", nllTolerance, "must be in (0, 1)");
    }
}
