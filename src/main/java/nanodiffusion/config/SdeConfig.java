package nanodiffusion.config;

import static nanodiffusion.config.Settings.SDE_BETA_MAX;
import static nanodiffusion.config.Settings.SDE_BETA_MIN;
import static nanodiffusion.config.Settings.SDE_T;

/** The VP SDE's linear noise schedule beta(t) = betaMin + (betaMax - betaMin) t / T on t in [0, T]. */
public record SdeConfig(double betaMin, double betaMax, double T) implements java.io.Serializable {
    public SdeConfig {
        ConfigError.require(betaMin > 0 && Double.isFinite(betaMin), SDE_BETA_MIN, betaMin, "must be a finite number > 0");
        ConfigError.require(Double.isFinite(betaMax), SDE_BETA_MAX, betaMax, "must be finite");
        ConfigError.require(betaMax >= betaMin, SDE_BETA_MAX, betaMax, "must be >= sde.betaMin (" + betaMin + ")");
        ConfigError.require(T > 0 && Double.isFinite(T), SDE_T, T, "must be a finite number > 0");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static SdeConfig read(SettingSource s) {
        return new SdeConfig(s.get(SDE_BETA_MIN), s.get(SDE_BETA_MAX), s.get(SDE_T));
    }
}
