package nanodiffusion.config;

import static nanodiffusion.config.Settings.SDE_BETA_MAX;
import static nanodiffusion.config.Settings.SDE_BETA_MIN;
import static nanodiffusion.config.Settings.SDE_KIND;
import static nanodiffusion.config.Settings.SDE_SIGMA_MAX;
import static nanodiffusion.config.Settings.SDE_SIGMA_MIN;
import static nanodiffusion.config.Settings.SDE_T;

/**
 * The forward SDE on t in [0, T]: VP and sub-VP with the linear schedule beta(t) = betaMin + (betaMax - betaMin) t / T,
 * VE with sigma(t) = sigmaMin (sigmaMax / sigmaMin)^(t / T) (each kind reads only its own parameters).
 */
public record SdeConfig(SdeKind kind, double betaMin, double betaMax, double T, double sigmaMin, double sigmaMax)
        implements java.io.Serializable {
    public SdeConfig {
        ConfigError.require(kind != null, SDE_KIND, null, "must be set");
        ConfigError.require(betaMin > 0 && Double.isFinite(betaMin), SDE_BETA_MIN, betaMin, "must be a finite number > 0");
        ConfigError.require(Double.isFinite(betaMax), SDE_BETA_MAX, betaMax, "must be finite");
        ConfigError.require(betaMax >= betaMin, SDE_BETA_MAX, betaMax, "must be >= sde.betaMin (" + betaMin + ")");
        ConfigError.require(T > 0 && Double.isFinite(T), SDE_T, T, "must be a finite number > 0");
        ConfigError.require(sigmaMin > 0 && Double.isFinite(sigmaMin), SDE_SIGMA_MIN, sigmaMin,
                "must be a finite number > 0");
        ConfigError.require(sigmaMax > sigmaMin && Double.isFinite(sigmaMax), SDE_SIGMA_MAX, sigmaMax,
                "must be finite and > sde.sigmaMin (" + sigmaMin + ")");
    }

    /** The VP SDE of the seed with the given schedule. */
    public SdeConfig(double betaMin, double betaMax, double T) {
        this(SdeKind.VP, betaMin, betaMax, T, 0.01, 50);
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static SdeConfig read(SettingSource s) {
        return new SdeConfig(s.get(SDE_KIND), s.get(SDE_BETA_MIN), s.get(SDE_BETA_MAX), s.get(SDE_T),
                s.get(SDE_SIGMA_MIN), s.get(SDE_SIGMA_MAX));
    }
}
