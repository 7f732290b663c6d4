package nanodiffusion.data;

import nanodiffusion.config.DataConfig;

/** The data source a config names. */
public final class DataSources {
    private DataSources() {
    }

    public static DataSource of(DataConfig config) {
        return switch (config.source()) {
            case RING -> new RingDistribution(config.scale(), config.dim());
            case MOONS -> ToyDistributions.MOONS;
            case EIGHT_GAUSSIANS -> ToyDistributions.EIGHT_GAUSSIANS;
            case SWISS_ROLL -> ToyDistributions.SWISS_ROLL;
            case CHECKERBOARD -> ToyDistributions.CHECKERBOARD;
            case PINWHEEL -> ToyDistributions.PINWHEEL;
            case TWO_SPIRALS -> ToyDistributions.TWO_SPIRALS;
            case CIRCLES -> ToyDistributions.CIRCLES;
        };
    }
}
