package nanodiffusion.config;

/** Hidden-layer nonlinearity of the score network. */
public enum ActivationKind implements ConfigChoice {
    RELU, TANH, SWISH, ELU, GELU, SOFTPLUS;
}
