package nanodiffusion.config;

/** Where training and evaluation draw their data from (data.source). */
public enum DataSourceKind implements ConfigChoice {
    /** The seed's ring, u/|u| * g with g ~ Gamma(data.scale, data.scale). */
    RING("ring"),
    MOONS("moons"),
    EIGHT_GAUSSIANS("8gaussians"),
    SWISS_ROLL("swissroll"),
    CHECKERBOARD("checkerboard"),
    PINWHEEL("pinwheel"),
    TWO_SPIRALS("2spirals"),
    CIRCLES("circles");

    private final String name;

    DataSourceKind(String name) {
        this.name = name;
    }

    /** Whether the source is defined in any dimension data.dim (the ring) or only in 2D (the toy densities). */
    public boolean anyDimension() {
        return this == RING;
    }

    @Override
    public String configName() {
        return name;
    }
}
