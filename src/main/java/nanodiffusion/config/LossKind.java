package nanodiffusion.config;

/**
 * The training objective: dsm, denoising score matching with the SDE's transition kernel (the seed's), or sliced,
 * sliced score matching on the noised data (Song et al. 2019, the variance-reduced form), which needs no kernel.
 */
public enum LossKind implements ConfigChoice {
    DSM, SLICED
}
