package nanodiffusion.config;

/**
 * The score MLP on (x, y, time input): {@code depth} linear layers, hidden ones {@code width} wide with
 * {@code activation}; {@code output} says whether it outputs the score or the noise, {@code timeInput} how t is fed.
 */
public record ModelConfig(int width, int depth, ActivationKind activation, ScoreOutputKind output,
                          TimeInputKind timeInput) {
    public ModelConfig {
        ConfigError.require(width >= 1, "model.width", width, "must be >= 1");
        ConfigError.require(depth >= 2, "model.depth", depth, "must be >= 2 (input and output linear layers)");
        ConfigError.require(output != null, "model.output", null, "must be set");
        ConfigError.require(timeInput != null, "model.timeInput", null, "must be set");
    }

    /** The seed's network: the score as output, t as input. */
    public ModelConfig(int width, int depth, ActivationKind activation) {
        this(width, depth, activation, ScoreOutputKind.SCORE, TimeInputKind.T);
    }
}
