package nanodiffusion.config;

/** Shape of the learning rate over the training steps (after any linear warm-up). */
public enum LrScheduleKind implements ConfigChoice {
    /** lr throughout. */
    CONSTANT,
    /** lr to lrMin along half a cosine over the steps after warm-up. */
    COSINE,
    /** lr times lrStepFactor every lrStepEvery steps. */
    STEP;
}
