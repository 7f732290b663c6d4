package nanodiffusion.config;

/**
 * The ring distribution: x0 = u/|u| * g with g ~ Gamma(shape = scale, rate = scale), so the radius has mean 1
 * and standard deviation 1/sqrt(scale).
 */
public record DataConfig(double scale) implements java.io.Serializable {
    public DataConfig {
        ConfigError.require(scale > 0 && Double.isFinite(scale), "data.scale", scale, "must be a finite number > 0");
    }
}
