package nanodiffusion.sde;

import nanodiffusion.config.TimeSamplingConfig;
import nanodiffusion.config.TimeSamplingKind;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import java.io.Serializable;

/**
 * The density q(t) from which training draws the diffusion time of each example. With loss 1/2 |sigma s + eps|^2
 * per example, the expected loss is 1/2 integral q(t) sigma(t)^2 E|s(x_t, t) - grad log p_t(x_t)|^2 dt + const, so
 * a density is a weighting of the score-matching objective, {@link #scoreWeight} = q(t) sigma(t)^2 (Song et al.
 * 2021, "Score-based generative modeling through SDEs", eq. 7; Kingma et al. 2021, "Variational diffusion models",
 * sec. 5, on the weighting as a density in log-SNR).
 * <ul>
 *   <li>uniform (the seed's): q = 1/T on (0, T]; weight sigma(t)^2 / T.</li>
 *   <li>log-snr: lambda = log(alpha / sigma) uniform on [lambda(T), lambda(tMin T)]; with
 *       d lambda / dt = -g(t)^2 / (2 sigma(t)^2) (any {@link Sde}; beta(t) / (2 sigma(t)^2) for the VP SDE),
 *       q(t) = g(t)^2 / (2 sigma(t)^2 (lambda_max - lambda_min)) and the weight is g(t)^2 / (2 (lambda_max -
 *       lambda_min)): the likelihood weighting, up to a constant.</li>
 *   <li>edm: ln(sigma / alpha) = -lambda ~ N(pMean, pStd^2), EDM's noise-level density (Karras et al. 2022,
 *       "Elucidating the design space of diffusion-based generative models", table 1: P_mean = -1.2, P_std = 1.2),
 *       truncated to [tMin T, T] by rejection; q(t) = N(-lambda(t); pMean, pStd^2) |d lambda / dt| / Z.</li>
 * </ul>
 * With {@code uniformMix} = m > 0 each example first draws one more uniform double: below m its t is uniform on
 * (0, T], else it comes from the kind, so q_mix = (1 - m) q_kind + m / T and the weight is q_mix(t) sigma(t)^2.
 * EDM's density alone draws almost no t near T (for the default VP SDE ln(sigma / alpha) is there about five of its
 * standard deviations above pMean), which the probability flow, started from the prior at T, needs.
 */
public final class TimeDensity implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TimeSamplingKind kind;
    private final Sde sde;
    private final double lambdaMin;
    private final double lambdaMax;
    private final double pMean;
    private final double pStd;
    private final double truncatedMass;
    private final double uniformMix;

    public TimeDensity(TimeSamplingConfig c, Sde sde) {
        this.kind = c.kind();
        this.sde = sde;
        this.lambdaMin = sde.logSnr(sde.horizon());
        this.lambdaMax = sde.logSnr(c.tMin() * sde.horizon());
        this.pMean = c.pMean();
        this.pStd = c.pStd();
        this.truncatedMass = normalCdf(-lambdaMin) - normalCdf(-lambdaMax);
        this.uniformMix = kind == TimeSamplingKind.UNIFORM ? 0 : c.uniformMix();
        if (kind == TimeSamplingKind.EDM && !(truncatedMass > 1e-6)) {
            throw new IllegalArgumentException("train.pMean = " + pMean + ", train.pStd = " + pStd
                    + ": the log-normal noise level puts almost no mass (" + truncatedMass + ") on [tMin T, T]");
        }
    }

    /** The seed's draw, t ~ U(0, T]. */
    public static TimeDensity uniform(Sde sde) {
        return new TimeDensity(TimeSamplingConfig.UNIFORM, sde);
    }

    public TimeSamplingKind kind() {
        return kind;
    }

    /**
     * A sampler of t on one stream; each draw takes the stream's next values (uniform: exactly one double; with a
     * uniform mix, one double to choose the component first).
     */
    public Draw sampler(UniformRandomProvider rng) {
        Draw own = kindSampler(rng);
        if (uniformMix == 0) {
            return own;
        }
        return () -> rng.nextDouble() < uniformMix ? uniformDraw(rng) : own.next();
    }

    /** t ~ U(0, T] from one double: t = 0 has no signal. */
    private double uniformDraw(UniformRandomProvider rng) {
        return sde.horizon() * (1 - rng.nextDouble());
    }

    private double uniformDensity(double t) {
        return t > 0 && t <= sde.horizon() ? 1 / sde.horizon() : 0;
    }

    private Draw kindSampler(UniformRandomProvider rng) {
        return switch (kind) {
            case UNIFORM -> () -> uniformDraw(rng);
            case LOG_SNR -> () -> sde.timeOfLogSnr(lambdaMin + (lambdaMax - lambdaMin) * rng.nextDouble());
            case EDM -> {
                ContinuousSampler normal = ZigguratSampler.NormalizedGaussian.of(rng);
                yield () -> {
                    while (true) {
                        double lambda = -(pMean + pStd * normal.sample());
                        if (lambda >= lambdaMin && lambda <= lambdaMax) {
                            return sde.timeOfLogSnr(lambda);
                        }
                    }
                };
            }
        };
    }

    /** q(t), the density of the drawn t on (0, T]; 0 outside the drawn range. */
    public double density(double t) {
        return uniformMix == 0 ? kindDensity(t) : (1 - uniformMix) * kindDensity(t) + uniformMix * uniformDensity(t);
    }

    private double kindDensity(double t) {
        if (kind == TimeSamplingKind.UNIFORM) {
            return uniformDensity(t);
        }
        double lambda = sde.logSnr(t);
        if (!(t > 0 && t <= sde.horizon()) || lambda > lambdaMax) {
            return 0;
        }
        double jacobian = sde.diffusionSquared(t) / (2 * sde.variance(t)); // |d lambda / dt|
        if (kind == TimeSamplingKind.LOG_SNR) {
            return jacobian / (lambdaMax - lambdaMin);
        }
        double z = (-lambda - pMean) / pStd;
        return Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * pStd * truncatedMass) * jacobian;
    }

    /** q(t) sigma(t)^2: the weight the draw puts on E|s - grad log p_t|^2 at time t (see the class comment). */
    public double scoreWeight(double t) {
        return density(t) * sde.variance(t);
    }

    private double normalCdf(double lnNoise) {
        return 0.5 * (1 + Erf.erf((lnNoise - pMean) / (pStd * Math.sqrt(2))));
    }

    /** Draws one t. */
    @FunctionalInterface
    public interface Draw {
        double next();
    }
}
