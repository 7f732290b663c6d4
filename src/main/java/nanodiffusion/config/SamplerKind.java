package nanodiffusion.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How samples are drawn from the trained score. */
public enum SamplerKind {
    /** Euler-Maruyama on the reverse SDE, exactly the reference scheme. */
    EM("em"),
    /** The same with no noise added on the final step. */
    EM_DENOISE("em-denoise"),
    /** Reverse-diffusion predictor plus Langevin corrector steps. */
    PC("pc"),
    /** The probability-flow ODE, deterministic given x_T. */
    ODE("ode");

    private final String configName;

    SamplerKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static SamplerKind parse(String key, String value) {
        return Arrays.stream(values()).filter(k -> k.configName.equals(value.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> ConfigError.of(key, value, "must be one of "
                        + Arrays.stream(values()).map(SamplerKind::configName).collect(Collectors.joining("|"))));
    }
}
