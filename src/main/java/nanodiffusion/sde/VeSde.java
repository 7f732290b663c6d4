package nanodiffusion.sde;

/**
 * The variance-exploding SDE (score_sde's VESDE): no drift, and a noise level growing geometrically from sigmaMin
 * to sigmaMax over [0, T],
 * <pre>
 *   dx = sqrt(d s(t)^2 / dt) dW,   s(t) = sigmaMin (sigmaMax / sigmaMin)^(t/T),
 *   g(t)^2 = 2 log(sigmaMax / sigmaMin) / T s(t)^2,   x_t = x0 + sigma(t) eps,   sigma(t)^2 = s(t)^2 - sigmaMin^2.
 * </pre>
 * score_sde takes s(t) itself as the kernel's standard deviation, as if the data were already noised at sigmaMin
 * at t = 0; here the kernel is the SDE's exact one started at the data (sigma(0) = 0), which differs from s(t)
 * only where s(t) is within a few sigmaMin. The prior is N(0, sigmaMax^2 I); alpha = 1 throughout.
 */
public final class VeSde implements Sde {
    private static final long serialVersionUID = 1L;

    private final double sigmaMin;
    private final double sigmaMax;
    private final double horizon;
    private final double logRatio;

    public VeSde(double sigmaMin, double sigmaMax, double horizon) {
        if (!(sigmaMin > 0 && sigmaMax > sigmaMin && horizon > 0)) {
            throw new IllegalArgumentException("need 0 < sigmaMin < sigmaMax and T > 0, got " + sigmaMin + ", "
                    + sigmaMax + ", " + horizon);
        }
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
        this.horizon = horizon;
        this.logRatio = Math.log(sigmaMax / sigmaMin);
    }

    @Override
    public double horizon() {
        return horizon;
    }

    /** f = 0: the VE SDE has no drift. */
    @Override
    public double drift(double t) {
        return 0;
    }

    /** g(t)^2 = d s^2 / dt = 2 log(sigmaMax / sigmaMin) / T s(t)^2. */
    @Override
    public double diffusionSquared(double t) {
        double s = sigmaMin * Math.exp(logRatio * t / horizon);
        return 2 * logRatio / horizon * s * s;
    }

    @Override
    public double alpha(double t) {
        return 1;
    }

    /** sigma(t)^2 = sigmaMin^2 ((sigmaMax / sigmaMin)^(2t/T) - 1), via expm1 for small t. */
    @Override
    public double variance(double t) {
        return sigmaMin * sigmaMin * Math.expm1(2 * logRatio * t / horizon);
    }

    /** lambda = -log sigma(t). */
    @Override
    public double logSnr(double t) {
        return -0.5 * Math.log(variance(t));
    }

    /** sigma = e^(-lambda): (sigmaMax / sigmaMin)^(2t/T) = 1 + e^(-2 lambda) / sigmaMin^2. */
    @Override
    public double timeOfLogSnr(double lambda) {
        double x = -2 * lambda - 2 * Math.log(sigmaMin);
        double c = x > 700 ? x : Math.log1p(Math.exp(x));
        return c * horizon / (2 * logRatio);
    }

    /** sigmaMax: the prior N(0, sigmaMax^2 I), as score_sde's (sigma(T) is within sigmaMin^2 / sigmaMax of it). */
    @Override
    public double priorStd() {
        return sigmaMax;
    }
}
