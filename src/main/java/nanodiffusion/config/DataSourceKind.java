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
    CIRCLES("circles"),
    /** The user's table (data.path): numeric columns of a Parquet or CSV file or folder. */
    TABLE("table");

    private final String name;

    DataSourceKind(String name) {
        this.name = name;
    }

    /** Whether the source is defined in any dimension (the ring by data.dim, a table by its columns) or only in 2D. */
    public boolean anyDimension() {
        return this == RING || this == TABLE;
    }

    @Override
    public String configName() {
        return name;
    }
}
