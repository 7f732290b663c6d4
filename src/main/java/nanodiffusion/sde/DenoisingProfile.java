package nanodiffusion.sde;

import nanodiffusion.config.LogSnrBand;

import java.io.Serializable;

/**
 * Where along the noise levels a data set's shape is decided, measured with a trained score. At each log-SNR lambda
 * of a grid the profile takes the noise-prediction error e(lambda) = E|eps - eps_hat|^2 / dim of x_t = alpha x0 +
 * sigma eps over points x0 of the data, with eps_hat = -sigma s(x_t, t). That error is the data's effective dimension
 * at the noise level, MMSE(x0 | x_t) / (sigma/alpha)^2 per coordinate: 1 where the noise is far below every feature
 * of the data, 0 where it swamps them all, falling wherever sigma/alpha crosses a feature's scale (for Gaussian data
 * of std s it is 1 / (1 + e^(-2 lambda) / s^2), half way at sigma/alpha = s; on the ring it falls once at the
 * radius and once at the thickness). Made non-decreasing in lambda and scaled to run from 0 at the grid's noisy end
 * to 1 at its clean end, it is a distribution function over lambda: its upper half is where the data's finest
 * features are decided, which {@link #band} makes the profile schedule's band of denser steps, at whatever scale
 * this data has them.
 *
 * @param lambdas the grid, increasing (from the noisy end to the clean end)
 * @param share the scaled error at each grid point: 0 at the first, 1 at the last, non-decreasing
 */
public record DenoisingProfile(double[] lambdas, double[] share) implements Serializable {
    /** Grid points of {@link #measure}. */
    public static final int LEVELS = 64;

    /** The share where the band of {@link #band} starts: the upper half of the rise, the data's finest features. */
    public static final double BAND_FROM_SHARE = 0.5;
    /** ... and where it ends: the last 2.5% of the rise (noise levels far below those features) stays outside. */
    public static final double BAND_TO_SHARE = 0.975;

    public DenoisingProfile {
        if (lambdas.length < 2 || share.length != lambdas.length) {
            throw new IllegalArgumentException("a profile needs two or more grid points, one share each");
        }
        for (int i = 1; i < lambdas.length; i++) {
            if (!(lambdas[i] > lambdas[i - 1]) || !(share[i] >= share[i - 1])) {
                throw new IllegalArgumentException("the grid must rise and the share must not fall");
            }
        }
        if (share[0] != 0 || share[share.length - 1] != 1) {
            throw new IllegalArgumentException("the share must run from 0 to 1");
        }
    }

    /**
     * Measures the profile of the n points x0 (dim coordinates each, interleaved) under {@code score} on
     * {@link #LEVELS} log-SNR values from lambdaStart (noisy) to lambdaEnd (clean), with one draw of eps per point
     * from {@code noise}, the same at every level (so the levels differ by the noise level alone).
     */
    public static DenoisingProfile measure(Sde sde, ScoreFunction score, double[] x0, int n, double lambdaStart,
                                           double lambdaEnd, GaussianNoise noise) {
        if (!(lambdaEnd > lambdaStart)) {
            throw new IllegalArgumentException("lambdaEnd must be above lambdaStart");
        }
        int dim = score.dim();
        double[] eps = new double[dim * n];
        noise.fill(eps, n);
        double[] x = new double[dim * n];
        double[] s = new double[dim * n];
        double[] lambdas = new double[LEVELS];
        double[] error = new double[LEVELS];
        for (int j = 0; j < LEVELS; j++) {
            lambdas[j] = lambdaStart + (lambdaEnd - lambdaStart) * j / (LEVELS - 1);
            double t = sde.timeOfLogSnr(lambdas[j]);
            double alpha = sde.alpha(t);
            double sigma = sde.sigma(t);
            for (int i = 0; i < dim * n; i++) {
                x[i] = alpha * x0[i] + sigma * eps[i];
            }
            score.evaluate(x, n, t, s);
            double sum = 0;
            for (int i = 0; i < dim * n; i++) {
                double miss = eps[i] + sigma * s[i]; // eps - eps_hat
                sum += miss * miss;
            }
            error[j] = sum / ((double) dim * n);
        }
        return of(lambdas, error);
    }

    /** The profile of measured errors on a rising grid: made non-decreasing (a running maximum), then scaled. */
    static DenoisingProfile of(double[] lambdas, double[] error) {
        double[] share = new double[error.length];
        double running = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < error.length; j++) {
            if (!Double.isFinite(error[j])) {
                throw new IllegalArgumentException("the score gave a non-finite error at log-SNR " + lambdas[j]);
            }
            running = Math.max(running, error[j]);
            share[j] = running;
        }
        double low = share[0];
        double range = share[share.length - 1] - low;
        for (int j = 0; j < share.length; j++) {
            // no fall anywhere measured: the share is uniform in lambda (the schedule is plain log-snr)
            share[j] = range > 0 ? (share[j] - low) / range : (double) j / (share.length - 1);
        }
        share[share.length - 1] = 1;
        return new DenoisingProfile(lambdas, share);
    }

    /**
     * The log-snr-band schedule's band chosen from this profile: from the log-SNR where the share reaches
     * {@link #BAND_FROM_SHARE} to where it reaches {@link #BAND_TO_SHARE}, with {@code density} times the steps per
     * unit of log-SNR inside. On the ring (share 0.5 at sigma/alpha 0.63, 0.975 near 0.016) it falls near the
     * hand-set bands ([0.5, 4.5] by default, [1, 4] in conf/few-step.conf); for Gaussian data it moves with the
     * data's scale (DenoisingProfileTest).
     */
    public LogSnrBand band(double density) {
        double from = lambdaOfShare(BAND_FROM_SHARE);
        double to = Math.max(lambdaOfShare(BAND_TO_SHARE), Math.nextUp(from));
        return new LogSnrBand(from, to, density);
    }

    /** The log-SNR where the share reaches q (0 <= q <= 1), by linear interpolation: for the profile's log line. */
    public double lambdaOfShare(double q) {
        for (int j = 1; j < share.length; j++) {
            if (share[j] >= q) {
                double w = share[j] > share[j - 1] ? (q - share[j - 1]) / (share[j] - share[j - 1]) : 0;
                return lambdas[j - 1] + w * (lambdas[j] - lambdas[j - 1]);
            }
        }
        return lambdas[lambdas.length - 1];
    }
}
