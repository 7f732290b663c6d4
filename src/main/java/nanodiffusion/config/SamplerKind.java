package nanodiffusion.config;

/** How samples are drawn from the trained score. */
public enum SamplerKind implements ConfigChoice {
    /** Euler-Maruyama on the reverse SDE, exactly the reference scheme. */
    EM,
    /** The same with no noise added on the final step. */
    EM_DENOISE,
    /** Reverse-diffusion predictor plus Langevin corrector steps. */
    PC,
    /** The probability-flow ODE, deterministic given x_T. */
    ODE
}
