package nanodiffusion.sde;

import nanodiffusion.config.SampleConfig;

/** The sampler a configuration asks for. */
public final class Samplers {
    private Samplers() {
    }

    /** @param steps N = T / dt, the fixed-step methods' step count */
    public static Sampler of(SampleConfig config, VpSchedule schedule, int steps) {
        return switch (config.method()) {
            case EM -> new EulerMaruyama(schedule, steps, false);
            case EM_DENOISE -> new EulerMaruyama(schedule, steps, true);
            case PC -> new PredictorCorrector(schedule, steps, config.snr());
            case ODE -> switch (config.odeSolver()) {
                case HEUN -> new FixedStepOde(schedule, steps, FixedStepOde.Method.HEUN);
                case RK4 -> new FixedStepOde(schedule, steps, FixedStepOde.Method.RK4);
                case DOPRI5 -> new AdaptiveOde(schedule, config.rtol(), config.atol());
            };
        };
    }
}
