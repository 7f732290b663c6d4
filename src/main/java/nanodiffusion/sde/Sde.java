package nanodiffusion.sde;

import nanodiffusion.config.SdeConfig;

import java.io.Serializable;

/**
 * A forward SDE with a linear drift on t in [0, T] (score_sde's VP, sub-VP and VE SDEs all have this form):
 * <pre>
 *   dx = f(t) x dt + g(t) dW,   x_t | x_0 ~ N(alpha(t) x_0, sigma(t)^2 I),
 *   alpha(t) = exp(integral_0^t f),   d sigma^2 / dt = 2 f(t) sigma^2 + g(t)^2,   sigma(0) = 0,
 * </pre>
 * so that x_t = alpha(t) x0 + sigma(t) eps. Samplers and training see an SDE only through these coefficients, its
 * kernel, the half log signal-to-noise ratio lambda(t) = log(alpha(t) / sigma(t)) (decreasing, with
 * d lambda / dt = -g^2 / (2 sigma^2)) and the prior N(0, priorStd^2 I) that x_T is drawn from; the reverse-time
 * drift f x - w g^2 s built from them is {@link ReverseDrift}. A new SDE is one more implementation of this
 * interface, named in {@code permits}, with its kind in {@link #of} (and a row in SdeTest's list).
 */
public sealed interface Sde extends Serializable permits VpSde, SubVpSde, VeSde {
    /** The SDE the configuration describes (sde.kind with its parameters). */
    static Sde of(SdeConfig c) {
        return switch (c.kind()) {
            case VP -> VpSde.of(c);
            case SUBVP -> new SubVpSde(c.betaMin(), c.betaMax(), c.T());
            case VE -> new VeSde(c.sigmaMin(), c.sigmaMax(), c.T());
        };
    }

    /** The end time T. */
    double horizon();

    /** f(t), the drift's coefficient: dx = f(t) x dt + g(t) dW. */
    double drift(double t);

    /** g(t)^2, the squared diffusion coefficient. */
    double diffusionSquared(double t);

    /** alpha(t) = exp(integral_0^t f), the kernel's scale of x0. */
    double alpha(double t);

    /** sigma(t)^2, the kernel's variance per coordinate (accurate as t -> 0, where it vanishes). */
    double variance(double t);

    /** sigma(t) = sqrt(variance(t)), the kernel's standard deviation. */
    default double sigma(double t) {
        return Math.sqrt(variance(t));
    }

    /** lambda(t) = log(alpha(t) / sigma(t)), half the log signal-to-noise ratio; decreasing in t. */
    double logSnr(double t);

    /** The t in [0, T] with logSnr(t) = lambda (the inverse of {@link #logSnr}). */
    double timeOfLogSnr(double lambda);

    /** The standard deviation of the prior N(0, priorStd^2 I) that stands for p_T. */
    double priorStd();

    /** Draws x_T ~ N(0, priorStd^2 I) for n points of dim coordinates: one draw of each point's noise, scaled. */
    default void drawPrior(double[] x, int n, int dim, GaussianNoise noise) {
        noise.fill(x, n);
        double std = priorStd();
        for (int i = 0, m = dim * n; i < m; i++) {
            x[i] *= std;
        }
    }

    /** log N(x; 0, priorStd^2 I) of the point x[offset .. offset + dim - 1], in nats. */
    default double priorLogDensity(double[] x, int offset, int dim) {
        double squared = 0;
        for (int c = 0; c < dim; c++) {
            double v = x[offset + c];
            squared += v * v;
        }
        double variance = priorStd() * priorStd();
        return -0.5 * dim * Math.log(2 * Math.PI * variance) - 0.5 * squared / variance;
    }
}
