package nanodiffusion.data;

import nanodiffusion.config.RunConfig;
import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.TimeDensity;
import nanodiffusion.sde.VpSchedule;

import java.io.Serializable;

/** How a training example is noised: the network's parametrisation (inputs, targets) and the density of its t. */
public record TrainingNoise(ScoreParametrisation form, TimeDensity times) implements Serializable {
    public static TrainingNoise of(RunConfig config) {
        return new TrainingNoise(ScoreParametrisation.of(config),
                new TimeDensity(config.train().tSampling(), VpSchedule.of(config.sde())));
    }

    /** The seed's draw of t, U(0, T], for the given parametrisation. */
    public static TrainingNoise uniform(ScoreParametrisation form) {
        return new TrainingNoise(form, TimeDensity.uniform(form.schedule()));
    }
}
