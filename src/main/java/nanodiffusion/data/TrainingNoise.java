package nanodiffusion.data;

import nanodiffusion.config.RunConfig;
import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.TimeDensity;

import java.io.Serializable;

/**
 * How a training example is noised: the network's parametrisation (inputs, targets), the density of its t, and the
 * loss its targets serve: {@code projections} 0 for denoising score matching (targets eps and the loss factor),
 * M > 0 for sliced score matching (M Gaussian projection directions, the loss factor and sigma(t)).
 */
public record TrainingNoise(ScoreParametrisation form, TimeDensity times, int projections) implements Serializable {
    public static TrainingNoise of(RunConfig config) {
        ScoreParametrisation form = ScoreParametrisation.of(config);
        return new TrainingNoise(form, new TimeDensity(config.train().tSampling(), form.sde()),
                config.train().loss().projections());
    }

    /** The seed's draw of t, U(0, T], for the given parametrisation. */
    public static TrainingNoise uniform(ScoreParametrisation form) {
        return new TrainingNoise(form, TimeDensity.uniform(form.sde()), 0);
    }
}
