package nanodiffusion.model;

import nanodiffusion.config.ModelConfig;

/**
 * Useful floating-point work of the score MLP: a forward pass costs 2 FLOP per weight per row (multiply and add);
 * a training step adds the backward pass, about twice the forward (gradients for inputs and for weights).
 */
public final class FlopCount {
    private FlopCount() {
    }

    /** For points of {@code dim} coordinates: dim + 1 inputs, dim outputs. */
    public static double forwardPerRow(ModelConfig m, int dim) {
        double weights = (dim + 1.0) * m.width() + (m.depth() - 2.0) * m.width() * m.width() + (double) dim * m.width();
        return 2 * weights;
    }

    public static double trainingPerRow(ModelConfig m, int dim) {
        return 3 * forwardPerRow(m, dim);
    }
}
