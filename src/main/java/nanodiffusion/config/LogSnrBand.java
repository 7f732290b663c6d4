package nanodiffusion.config;

import static nanodiffusion.config.Settings.SAMPLE_BAND_DENSITY;
import static nanodiffusion.config.Settings.SAMPLE_BAND_FROM;
import static nanodiffusion.config.Settings.SAMPLE_BAND_TO;

/**
 * The log-snr-band schedule's band: {@code density} times as many steps per unit of log-SNR lambda = log(alpha/sigma)
 * inside [from, to] as outside it (sample.bandFrom, sample.bandTo, sample.bandDensity). In EDM's noise level
 * sigma/alpha = e^(-lambda), the defaults [0.5, 4.5] run from 0.61 (the ring's radius scale) to 0.011 (below its
 * thickness 1/sqrt(data.scale) = 0.07): where the data's shape is decided. Outside the band, at high noise the
 * marginal is nearly Gaussian and at very low noise the denoised prediction barely moves, so uniform log-SNR steps
 * spend there what the band needs.
 */
public record LogSnrBand(double from, double to, double density) implements java.io.Serializable {
    public LogSnrBand {
        ConfigError.require(Double.isFinite(from), SAMPLE_BAND_FROM, from, "must be a finite log-SNR");
        ConfigError.require(Double.isFinite(to) && to > from, SAMPLE_BAND_TO, to,
                "must be a finite log-SNR above sample.bandFrom (" + from + ")");
        ConfigError.require(density >= 1 && density <= 1000, SAMPLE_BAND_DENSITY, density,
                "must be in [1, 1000] (1: plain log-snr)");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static LogSnrBand read(SettingSource s) {
        return new LogSnrBand(s.get(SAMPLE_BAND_FROM), s.get(SAMPLE_BAND_TO), s.get(SAMPLE_BAND_DENSITY));
    }
}
