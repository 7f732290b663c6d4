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
    ODE,
    /** DDIM: the first-order exponential integrator of the probability-flow ODE; sample.steps evaluations. */
    DDIM,
    /** DPM-Solver++ multistep in data-prediction form, order sample.order (2 or 3); sample.steps evaluations. */
    DPM_SOLVER_PP {
        @Override
        public String configName() {
            return "dpm-solver++";
        }
    },
    /**
     * SDE-DPM-Solver++ multistep: the reverse SDE's exponential integrator in data-prediction form, order
     * sample.order, fresh noise every step; sample.steps evaluations.
     */
    SDE_DPM_SOLVER_PP {
        @Override
        public String configName() {
            return "sde-dpm-solver++";
        }
    },
    /** EDM's deterministic Heun sampler in noise-level time; 2 N - 1 evaluations for N noise levels. */
    EDM_HEUN;

    /** Whether the method runs sample.steps network evaluations on a few-step schedule (not sample.dt). */
    public boolean fewStep() {
        return this == DDIM || this == DPM_SOLVER_PP || this == SDE_DPM_SOLVER_PP || this == EDM_HEUN;
    }
}
