package nanodiffusion.config;

import static nanodiffusion.config.Settings.MODEL_ACTIVATION;
import static nanodiffusion.config.Settings.MODEL_DEPTH;
import static nanodiffusion.config.Settings.MODEL_INPUT_SCALE;
import static nanodiffusion.config.Settings.MODEL_OUTPUT;
import static nanodiffusion.config.Settings.MODEL_TIME_INPUT;
import static nanodiffusion.config.Settings.MODEL_WIDTH;

/**
 * The score MLP on (x, y, time input): {@code depth} linear layers, hidden ones {@code width} wide with
 * {@code activation}; {@code output} says whether it outputs the score or the noise, {@code timeInput} how t is fed,
 * {@code inputScale} how x_t is.
 */
public record ModelConfig(int width, int depth, ActivationKind activation, ScoreOutputKind output,
                          TimeInputKind timeInput, InputScaleKind inputScale) implements java.io.Serializable {
    /** The seed's network's output: the score itself (also what a model folder without parametrisation holds). */
    public static final ScoreOutputKind SEED_OUTPUT = ScoreOutputKind.SCORE;
    /** The seed's network's time input: t itself. */
    public static final TimeInputKind SEED_TIME_INPUT = TimeInputKind.T;
    /** The seed's network's coordinates: x_t itself. */
    public static final InputScaleKind SEED_INPUT_SCALE = InputScaleKind.NONE;

    public ModelConfig {
        ConfigError.require(width >= 1, MODEL_WIDTH, width, "must be >= 1");
        ConfigError.require(depth >= 2, MODEL_DEPTH, depth, "must be >= 2 (input and output linear layers)");
        ConfigError.require(output != null, MODEL_OUTPUT, null, "must be set");
        ConfigError.require(timeInput != null, MODEL_TIME_INPUT, null, "must be set");
        ConfigError.require(inputScale != null, MODEL_INPUT_SCALE, null, "must be set");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static ModelConfig read(SettingSource s) {
        return new ModelConfig(s.get(MODEL_WIDTH), s.get(MODEL_DEPTH), s.get(MODEL_ACTIVATION), s.get(MODEL_OUTPUT),
                s.get(MODEL_TIME_INPUT), s.get(MODEL_INPUT_SCALE));
    }

    /** The seed's network: the score as output, t as input. */
    public ModelConfig(int width, int depth, ActivationKind activation) {
        this(width, depth, activation, SEED_OUTPUT, SEED_TIME_INPUT, SEED_INPUT_SCALE);
    }

    /** A network with the given output and time input, on x_t itself. */
    public ModelConfig(int width, int depth, ActivationKind activation, ScoreOutputKind output,
                       TimeInputKind timeInput) {
        this(width, depth, activation, output, timeInput, SEED_INPUT_SCALE);
    }
}
