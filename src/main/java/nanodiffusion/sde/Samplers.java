package nanodiffusion.sde;

import nanodiffusion.config.SampleConfig;

/** The sampler a configuration asks for. */
public final class Samplers {
    private Samplers() {
    }

    /** @param steps N = T / dt, the fixed-step methods' step count on the grid of power sample.gridPower */
    public static Sampler of(SampleConfig config, VpSchedule schedule, int steps) {
        TimeGrid grid = new TimeGrid(schedule.horizon(), steps, config.gridPower());
        return switch (config.method()) {
            case EM -> new EulerMaruyama(schedule, grid, false);
            case EM_DENOISE -> new EulerMaruyama(schedule, grid, true);
            case PC -> new PredictorCorrector(schedule, grid, config.snr());
            case ODE -> switch (config.odeSolver()) {
                case HEUN -> new FixedStepOde(schedule, grid, FixedStepOde.Method.HEUN);
                case RK4 -> new FixedStepOde(schedule, grid, FixedStepOde.Method.RK4);
                case DOPRI5 -> new AdaptiveOde(schedule, config.rtol(), config.atol());
            };
        };
    }
}
