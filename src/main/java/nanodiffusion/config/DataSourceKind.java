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

    @Override
    public String configName() {
        return name;
    }
}
