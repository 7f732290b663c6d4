package nanodiffusion.config;

/**
 * What the network's two outputs are: the score s(x, t) itself, or a prediction of the noise eps with
 * s = -output / sigma(t) (the same loss and score, reached through a target of unit scale at every t).
 */
public enum ScoreOutputKind implements ConfigChoice {
    SCORE, NOISE;
}
