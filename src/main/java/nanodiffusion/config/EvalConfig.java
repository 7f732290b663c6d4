package nanodiffusion.config;

/** Sample-quality evaluation: the number of random projection directions of the sliced Wasserstein-1 distance. */
public record EvalConfig(int directions) {
    public EvalConfig {
        ConfigError.require(directions >= 1, "eval.directions", directions, "must be >= 1");
    }
}
