package nanodiffusion.data;

import nanodiffusion.config.DataConfig;

/** The generator a config names (every source but the user's table, which is read, not generated). */
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
            case TABLE -> throw new IllegalStateException("data.source = table is drawn from the table's rows "
                    + "(TrainingTable), not generated");
        };
    }
}
