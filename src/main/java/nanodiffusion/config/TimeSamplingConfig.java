package nanodiffusion.config;

import static nanodiffusion.config.Settings.TRAIN_P_MEAN;
import static nanodiffusion.config.Settings.TRAIN_P_STD;
import static nanodiffusion.config.Settings.TRAIN_T_MIN;
import static nanodiffusion.config.Settings.TRAIN_T_SAMPLING;
import static nanodiffusion.config.Settings.TRAIN_UNIFORM_MIX;

/**
 * Training's draw of t: {@code kind}, the earliest time {@code tMin} (a fraction of T) that the log-SNR and EDM
 * draws reach, EDM's log-normal location {@code pMean} and scale {@code pStd} of ln(sigma / alpha), and the
 * fraction {@code uniformMix} of examples whose t is drawn uniformly on (0, T] instead (0: the kind alone).
 */
public record TimeSamplingConfig(TimeSamplingKind kind, double tMin, double pMean, double pStd, double uniformMix)
        implements java.io.Serializable {
    /** The seed's draw, t ~ U(0, T]. */
    public static final TimeSamplingConfig UNIFORM =
            new TimeSamplingConfig(TimeSamplingKind.UNIFORM, 1e-5, -1.2, 1.2, 0);

    public TimeSamplingConfig {
        ConfigError.require(kind != null, TRAIN_T_SAMPLING, null, "must be set");
        ConfigError.require(tMin > 0 && tMin < 1, TRAIN_T_MIN, tMin, "must be in (0, 1) (a fraction of sde.T)");
        ConfigError.require(Double.isFinite(pMean), TRAIN_P_MEAN, pMean, "must be a finite number");
        ConfigError.require(pStd > 0 && Double.isFinite(pStd), TRAIN_P_STD, pStd, "must be a finite number > 0");
        ConfigError.require(uniformMix >= 0 && uniformMix <= 1, TRAIN_UNIFORM_MIX, uniformMix, "must be in [0, 1]");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static TimeSamplingConfig read(SettingSource s) {
        return new TimeSamplingConfig(s.get(TRAIN_T_SAMPLING), s.get(TRAIN_T_MIN), s.get(TRAIN_P_MEAN), s.get(TRAIN_P_STD),
                s.get(TRAIN_UNIFORM_MIX));
    }
}
