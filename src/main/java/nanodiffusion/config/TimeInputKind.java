package nanodiffusion.config;

/**
 * The network's third input: t itself, or the log signal-to-noise ratio log(alpha(t)^2 / sigma(t)^2) / 8, which
 * spreads the short stretch near t = 0 where the score changes fastest over an input range of order one.
 */
public enum TimeInputKind implements ConfigChoice {
    T, LOG_SNR;
}
