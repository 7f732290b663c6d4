package nanodiffusion.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Integrator of the probability-flow ODE: fixed-step Heun or RK4 (step sample.dt), or adaptive Dormand-Prince. */
public enum OdeSolverKind {
    HEUN, RK4, DOPRI5;

    public static OdeSolverKind parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigError.of(key, value, "must be one of "
                    + Arrays.stream(values()).map(OdeSolverKind::configName).collect(Collectors.joining("|")));
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
