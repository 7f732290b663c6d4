package nanodiffusion.sde;

import nanodiffusion.config.SampleConfig;
import nanodiffusion.config.SamplerKind;
import nanodiffusion.config.StepScheduleKind;

/** The sampler a configuration asks for. */
public final class Samplers {
    private Samplers() {
    }

    /**
     * @param steps N = T / dt, the fixed-step methods' step count on the grid of power sample.gridPower; for
     *              {@code sample.schedule = profile} ({@link #needsProfile}) {@code config} must carry the band measured
     *              from the data ({@link SampleConfig#withMeasuredBand})
     */
    public static Sampler of(SampleConfig config, Sde sde, int steps) {
        TimeGrid grid = new TimeGrid(sde.horizon(), steps, config.gridPower());
        return switch (config.method()) {
            case EM -> new EulerMaruyama(sde, grid, false);
            case EM_DENOISE -> new EulerMaruyama(sde, grid, true);
            case PC -> new PredictorCorrector(sde, grid, config.snr());
            case ODE -> switch (config.odeSolver()) {
                case HEUN -> new FixedStepOde(sde, grid, FixedStepOde.Method.HEUN);
                case RK4 -> new FixedStepOde(sde, grid, FixedStepOde.Method.RK4);
                case DOPRI5 -> new AdaptiveOde(sde, config.rtol(), config.atol());
            };
            case DDIM -> new DpmSolverPlusPlus(sde, times(config, sde, config.fewStep().steps()), 1);
            case DPM_SOLVER_PP -> new DpmSolverPlusPlus(sde, times(config, sde, config.fewStep().steps()),
                    config.fewStep().order());
            case SDE_DPM_SOLVER_PP -> new DpmSolverPlusPlus(sde,
                    times(config, sde, config.fewStep().steps()), config.fewStep().order(),
                    config.fewStep().eta(), config.fewStep().etaNoiseMin());
            case EDM_HEUN -> new EdmHeun(sde, times(config, sde, (config.fewStep().steps() + 1) / 2));
        };
    }

    /** sample.schedule for the method (auto: edm for edm-heun, log-snr otherwise). */
    public static StepScheduleKind schedule(SampleConfig config) {
        StepScheduleKind kind = config.fewStep().schedule();
        if (kind != StepScheduleKind.AUTO) {
            return kind;
        }
        return config.method() == SamplerKind.EDM_HEUN ? StepScheduleKind.EDM : StepScheduleKind.LOG_SNR;
    }

    /** Whether the configured sampler places its steps by a measured {@link DenoisingProfile}. */
    public static boolean needsProfile(SampleConfig config) {
        return config.method().fewStep() && schedule(config) == StepScheduleKind.PROFILE;
    }

    private static StepTimes times(SampleConfig config, Sde sde, int points) {
        return StepTimes.of(sde, schedule(config), Math.max(1, points), config.fewStep().tMin(), config.fewStep().rho(),
                config.gridPower(), config.fewStep().band());
    }
}
