package nanodiffusion.config;

/**
 * What the network's coordinates are: x_t itself, or x_t / sqrt(alpha(t)^2 + sigma(t)^2), which has about unit scale
 * at every t for data of unit scale (EDM's c_in with sigma_data = 1). For the VP SDE the two are the same function;
 * for the VE SDE the second keeps the inputs of order one where x_t itself reaches sigmaMax.
 */
public enum InputScaleKind implements ConfigChoice {
    NONE, UNIT;
}
