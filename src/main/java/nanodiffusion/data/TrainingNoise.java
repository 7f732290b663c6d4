package nanodiffusion.data;

import nanodiffusion.config.RunConfig;
import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.TimeDensity;

import java.io.Serializable;

/**
 * How a training example is noised: the network's parametrisation (inputs, targets), the density of its t, and the
 * loss its targets serve: {@code projections} 0 for denoising score matching (targets eps and the loss factor),
 * M > 0 for sliced score matching (M Gaussian projection directions, the loss factor, sigma(t) and the step of its
 * central differences, {@link #SLICED_STEP} sigma(t)).
 */
public record TrainingNoise(ScoreParametrisation form, TimeDensity times, int projections) implements Serializable {
    /**
     * Sliced score matching's difference step relative to sigma(t), the length over which the noised density - and
     * the score to learn - changes: the differences' bias is O(0.05^2) of the curvature term, and in float32 a step
     * of 0.05 sigma still carries about 5 significant digits at the smallest sigma the recipe trains on.
     */
    public static final double SLICED_STEP = 0.05;

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
