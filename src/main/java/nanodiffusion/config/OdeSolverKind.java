package nanodiffusion.config;

/** Integrator of the probability-flow ODE: fixed-step Heun or RK4 (step sample.dt), or adaptive Dormand-Prince. */
public enum OdeSolverKind implements ConfigChoice {
    HEUN, RK4, DOPRI5;
}
