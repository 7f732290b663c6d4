package nanodiffusion.config;

import static nanodiffusion.config.Settings.SAMPLE_BAND_FROM;
import static nanodiffusion.config.Settings.SAMPLE_ETA;
import static nanodiffusion.config.Settings.SAMPLE_ETA_NOISE_MIN;
import static nanodiffusion.config.Settings.SAMPLE_ORDER;
import static nanodiffusion.config.Settings.SAMPLE_RHO;
import static nanodiffusion.config.Settings.SAMPLE_SCHEDULE;
import static nanodiffusion.config.Settings.SAMPLE_STEPS;
import static nanodiffusion.config.Settings.SAMPLE_T_MIN;

/**
 * The few-step samplers' settings: {@code steps} network evaluations per sample, their time {@code schedule}
 * between T and {@code tMin} (then a last, denoising step to t = 0), EDM's {@code rho}, and DPM-Solver++'s
 * multistep {@code order}, the share {@code eta} of the reverse SDE's noise that sde-dpm-solver++ adds, the noise
 * level {@code etaNoiseMin} (sigma/alpha) below which its steps add none, and the log-snr-band schedule's
 * {@code band}.
 */
public record FewStepConfig(int steps, StepScheduleKind schedule, double rho, double tMin, int order, double eta,
                            double etaNoiseMin, LogSnrBand band) implements java.io.Serializable {
    public FewStepConfig {
        ConfigError.require(steps >= 1 && steps <= 100_000, SAMPLE_STEPS, steps, "must be in 1..100000");
        ConfigError.require(schedule != null, SAMPLE_SCHEDULE, null, "must be set");
        ConfigError.require(rho > 0 && Double.isFinite(rho), SAMPLE_RHO, rho, "must be a finite number > 0");
        ConfigError.require(tMin > 0 && tMin < 1, SAMPLE_T_MIN, tMin, "must be in (0, 1) (a fraction of sde.T)");
        ConfigError.require(order == 2 || order == 3, SAMPLE_ORDER, order, "must be 2 or 3");
        ConfigError.require(eta >= 0 && eta <= 1, SAMPLE_ETA, eta, "must be in [0, 1]");
        ConfigError.require(etaNoiseMin >= 0 && Double.isFinite(etaNoiseMin), SAMPLE_ETA_NOISE_MIN, etaNoiseMin,
                "must be a finite number >= 0 (a noise level sigma/alpha; 0: every step adds noise)");
        ConfigError.require(band != null, SAMPLE_BAND_FROM, null, "must be set");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static FewStepConfig read(SettingSource s) {
        return new FewStepConfig(s.get(SAMPLE_STEPS), s.get(SAMPLE_SCHEDULE), s.get(SAMPLE_RHO), s.get(SAMPLE_T_MIN),
                s.get(SAMPLE_ORDER), s.get(SAMPLE_ETA), s.get(SAMPLE_ETA_NOISE_MIN), LogSnrBand.read(s));
    }

    /**
     * These settings with the log-snr-band schedule on {@code band}: what sample.schedule = profile is once the driver
     * has measured its band from the data, so the tasks get a band and not the profile.
     */
    public FewStepConfig withMeasuredBand(LogSnrBand band) {
        return new FewStepConfig(steps, StepScheduleKind.LOG_SNR_BAND, rho, tMin, order, eta, etaNoiseMin, band);
    }
}
