package nanodiffusion.data;

import nanodiffusion.config.RunConfig;
import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.TimeDensity;

import java.io.Serializable;

/** How a training example is noised: the network's parametrisation (inputs, targets) and the density of its t. */
public record TrainingNoise(ScoreParametrisation form, TimeDensity times) implements Serializable {
    public static TrainingNoise of(RunConfig config) {
        ScoreParametrisation form = ScoreParametrisation.of(config);
        return new TrainingNoise(form, new TimeDensity(config.train().tSampling(), form.sde()));
    }

    /** The seed's draw of t, U(0, T], for the given parametrisation. */
    public static TrainingNoise uniform(ScoreParametrisation form) {
        return new TrainingNoise(form, TimeDensity.uniform(form.sde()));
    }
}
