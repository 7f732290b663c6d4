package nanodiffusion.config;

/** Which parameters sampling uses: the exponential moving average, or the raw last parameters. */
public enum WeightsKind implements ConfigChoice {
    EMA, RAW;
}
