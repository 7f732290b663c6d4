package nanodiffusion.sde;

import nanodiffusion.config.LogSnrBand;
import nanodiffusion.config.StepScheduleKind;

/**
 * The times t_0 = T > t_1 > ... > t_(N-1) = tMin at which a few-step sampler evaluates the network; every such
 * sampler ends with a step from t_(N-1) to t = 0 that returns the denoised prediction. Between the ends: uniform in
 * log-SNR lambda = log(alpha/sigma) (Lu et al. 2022), EDM's noise levels sigma/alpha spaced uniformly in
 * sigma^(1/rho) (Karras et al. 2022, eq. 5), t - tMin proportional to a power of the step index, or uniform in
 * log-SNR with a band of denser steps ({@link LogSnrBand}: the steps are uniform in the measure dlambda, times the
 * band's density inside it); the profile schedule is the band schedule with the band its caller measured
 * ({@link DenoisingProfile#band}).
 */
public record StepTimes(double[] times) implements java.io.Serializable {
    public StepTimes {
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] < times[i - 1]) || !(times[i] > 0)) {
                throw new IllegalArgumentException("times must fall strictly from T to tMin > 0");
            }
        }
    }

    /**
     * @param points N, the evaluations (>= 1; for N = 1 the only time is T)
     * @param tMin the last time, as a fraction of T
     * @param band the log-snr-band schedule's band (read only for that schedule)
     */
    public static StepTimes of(Sde s, StepScheduleKind kind, int points, double tMin, double rho, double power,
                               LogSnrBand band) {
        if (kind == StepScheduleKind.PROFILE) { // whatever the number of points
            throw new IllegalArgumentException("sample.schedule = profile needs a measured profile first: pass its band"
                    + " as log-snr-band's (SampleConfig.withMeasuredBand)");
        }
        double horizon = s.horizon();
        double end = tMin * horizon;
        double[] t = new double[points];
        t[0] = horizon;
        if (points == 1) {
            return new StepTimes(t);
        }
        double lambdaStart = s.logSnr(horizon);
        double lambdaEnd = s.logSnr(end);
        for (int i = 1; i < points; i++) {
            double f = (double) i / (points - 1);
            t[i] = switch (kind) {
                case LOG_SNR -> s.timeOfLogSnr(lambdaStart + f * (lambdaEnd - lambdaStart));
                case EDM -> {
                    // EDM's noise level is sigma/alpha = e^(-lambda) (for the VE SDE, alpha = 1, sigma itself)
                    double max = Math.pow(Math.exp(-lambdaStart), 1 / rho);
                    double min = Math.pow(Math.exp(-lambdaEnd), 1 / rho);
                    yield s.timeOfLogSnr(-Math.log(Math.pow(max + f * (min - max), rho)));
                }
                case POWER -> end + (horizon - end) * Math.pow(1 - f, power);
                case LOG_SNR_BAND -> s.timeOfLogSnr(banded(lambdaStart, lambdaEnd, band, f));
                case PROFILE -> throw new IllegalStateException("refused above");
                case AUTO -> throw new IllegalArgumentException("resolve sample.schedule = auto for the method first");
            };
        }
        t[points - 1] = end; // exactly, whatever the rounding of the inverse
        return new StepTimes(t);
    }

    /**
     * The log-SNR a fraction f of the way from start to end in the measure dlambda (times band.density() inside the
     * band): the inverse of that measure's distribution function, linear on each of the three pieces.
     */
    static double banded(double start, double end, LogSnrBand band, double f) {
        double from = Math.min(Math.max(band.from(), start), end);
        double to = Math.min(Math.max(band.to(), start), end);
        double below = from - start;
        double inside = (to - from) * band.density();
        double u = f * (below + inside + (end - to));
        if (u <= below) {
            return start + u;
        }
        if (u <= below + inside) {
            return from + (u - below) / band.density();
        }
        return to + (u - below - inside);
    }

    public int points() {
        return times.length;
    }

    public double time(int i) {
        return times[i];
    }
}
