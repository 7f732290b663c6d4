package nanodiffusion.sde;

import nanodiffusion.config.InputScaleKind;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.config.TimeInputKind;

import java.io.Serializable;

/**
 * How the network's inputs and outputs relate to (x, t) and the score: its coordinates {@link #inputScale}(t) * x,
 * its time input {@link #timeFeature}, and the factor {@link #outputScale} with s(x, t) = outputScale(t) * output
 * (so ds/dx = outputScale * inputScale * d output / d input). The training target's third column is
 * {@link #lossFactor} = sigma(t) * outputScale(t), so the loss (sigma s + eps)^2 is the same function of the score
 * whatever the parametrisation: the seed's network has factor sigma(t); a noise-predicting one has -1.
 */
public record ScoreParametrisation(ScoreOutputKind output, TimeInputKind timeInput, InputScaleKind inputScaling,
                                   Sde sde) implements Serializable {
    /**
     * The earliest time a noise-predicting or log-SNR network is asked for the score: -output / sigma(t) and
     * log(alpha^2 / sigma^2) are singular at t = 0, where the fixed-step and adaptive ODE solvers take their last
     * stage (weighted by g(0)^2 dt, so the score there barely moves the result). For the VP SDE sigma(1e-5 T) is
     * about 1e-3.
     */
    public static final double MIN_SCORE_TIME = 1e-5;

    public static ScoreParametrisation of(RunConfig config) {
        return new ScoreParametrisation(config.model().output(), config.model().timeInput(),
                config.model().inputScale(), Sde.of(config.sde()));
    }

    /** A network on x_t itself with the given output and time input. */
    public ScoreParametrisation(ScoreOutputKind output, TimeInputKind timeInput, Sde sde) {
        this(output, timeInput, ModelConfig.SEED_INPUT_SCALE, sde);
    }

    /** The seed's network: score out, t in. */
    public static ScoreParametrisation seed(Sde sde) {
        return new ScoreParametrisation(ModelConfig.SEED_OUTPUT, ModelConfig.SEED_TIME_INPUT, sde);
    }

    /**
     * The time at which to evaluate the network for the score at t: t itself, but not below
     * MIN_SCORE_TIME * T for a parametrisation that is singular at t = 0. Training draws t in (0, T] and uses t.
     */
    double scoreTime(double t) {
        boolean singularAtZero = output == ScoreOutputKind.NOISE || timeInput == TimeInputKind.LOG_SNR;
        return singularAtZero ? Math.max(t, MIN_SCORE_TIME * sde.horizon()) : t;
    }

    /** The network's time input when it is asked for the score at any t in [0, T]. */
    public double scoreInput(double t) {
        return timeFeature(scoreTime(t));
    }

    /** s(x, t) = scoreScale(t) * network output, for any t in [0, T]. */
    public double scoreScale(double t) {
        return outputScale(scoreTime(t));
    }

    /** The network's time input at time t > 0 (training). */
    public double timeFeature(double t) {
        if (timeInput == TimeInputKind.T) {
            return t;
        }
        // log(alpha^2 / sigma^2) / 8 = lambda / 4; the 1/8 is tuned to the default VP SDE, whose log-SNR over
        // [1e-6 T, T] it maps into (-2, 3): an SDE with another log-SNR range would want its own scale here
        return sde.logSnr(t) / 4;
    }

    /**
     * The factor c(t) of the network's coordinates c(t) x at time t in [0, T]: 1, or 1 / sqrt(alpha(t)^2 +
     * sigma(t)^2) for {@code unit} (x_t's scale for data of unit scale; 1 at t = 0, 1 / sigmaMax at T for VE).
     */
    public double inputScale(double t) {
        if (inputScaling == InputScaleKind.NONE) {
            return 1;
        }
        double a = sde.alpha(t);
        return 1 / Math.sqrt(a * a + sde.variance(t));
    }

    /** s(x, t) = outputScale(t) * network output. */
    public double outputScale(double t) {
        return output == ScoreOutputKind.SCORE ? 1 : -1 / sde.sigma(t);
    }

    /** sigma(t) * outputScale(t): the loss is mean (lossFactor * output + eps)^2. */
    public double lossFactor(double t) {
        return output == ScoreOutputKind.SCORE ? sde.sigma(t) : -1;
    }
}
