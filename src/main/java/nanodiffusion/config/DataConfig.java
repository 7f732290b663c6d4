package nanodiffusion.config;

/**
 * The training data: {@code source} (the ring or one of the 2D toy densities) and, for the ring,
 * x0 = u/|u| * g with g ~ Gamma(shape = scale, rate = scale), so the radius has mean 1 and standard deviation
 * 1/sqrt(scale).
 */
public record DataConfig(DataSourceKind source, double scale) implements java.io.Serializable {
    public DataConfig {
        ConfigError.require(scale > 0 && Double.isFinite(scale), "data.scale", scale, "must be a finite number > 0");
    }

    /** The seed's ring of the given scale. */
    public DataConfig(double scale) {
        this(DataSourceKind.RING, scale);
    }
}
