package nanodiffusion.config;

/**
 * Where the few-step samplers (ddim, dpm-solver++, sde-dpm-solver++, edm-heun) evaluate the network between T
 * and sample.tMin (sample.schedule): uniform in log-SNR (DPM-Solver's choice for low-dimensional data), EDM's
 * noise levels sigma_i = (sigma_max^(1/rho) + i/(N-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho with rho = sample.rho
 * (Karras et al. 2022), the power grid t = tMin + (T - tMin) (k/(N-1))^sample.gridPower, or log-snr-band: uniform in
 * log-SNR with sample.bandDensity times as many steps per unit of log-SNR inside [sample.bandFrom, sample.bandTo]
 * (where the data's features are decided) as outside, or profile: log-snr-band with the band chosen from the data
 * instead of set by hand (from a {@code DenoisingProfile} of the model's own samples, measured on the driver before
 * sampling); auto is log-snr for ddim and the dpm-solvers, edm for edm-heun.
 */
public enum StepScheduleKind implements ConfigChoice {
    AUTO, LOG_SNR, EDM, POWER, LOG_SNR_BAND, PROFILE;
}
