package nanodiffusion.config;

/** The score MLP on (x, y, t): {@code depth} linear layers, hidden ones {@code width} wide with {@code activation}. */
public record ModelConfig(int width, int depth, ActivationKind activation) {
    public ModelConfig {
        ConfigError.require(width >= 1, "model.width", width, "must be >= 1");
        ConfigError.require(depth >= 2, "model.depth", depth, "must be >= 2 (input and output linear layers)");
    }
}
