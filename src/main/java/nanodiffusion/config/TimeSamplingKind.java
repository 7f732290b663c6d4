package nanodiffusion.config;

/**
 * How training draws the diffusion time t of each example (train.tSampling). The loss is then an unbiased estimate
 * of the noise-matching objective weighted by the drawn density (see {@code sde.TimeDensity#scoreWeight}).
 */
public enum TimeSamplingKind implements ConfigChoice {
    /** t ~ U(0, T], the seed's: score weight sigma(t)^2. */
    UNIFORM,
    /** log(alpha / sigma) uniform between t = T and t = tMin T: score weight proportional to beta(t). */
    LOG_SNR,
    /** EDM's log-normal noise level, ln(sigma / alpha) ~ N(pMean, pStd^2), truncated to [tMin T, T]. */
    EDM;
}
