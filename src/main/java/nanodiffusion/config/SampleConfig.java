package nanodiffusion.config;

/**
 * Distributed reverse-SDE sampling: {@code count} samples in fixed blocks of {@code batchSize} ids, the blocks
 * spread over {@code partitions} Spark partitions, integrated with step {@code dt} from t = T down to 0.
 */
public record SampleConfig(long count, int partitions, double dt, int batchSize) {
    public SampleConfig {
        ConfigError.require(count >= 1, "sample.count", count, "must be >= 1");
        ConfigError.require(partitions >= 1, "sample.partitions", partitions, "must be >= 1");
        ConfigError.require(dt > 0 && Double.isFinite(dt), "sample.dt", dt, "must be a finite number > 0");
        ConfigError.require(batchSize >= 1, "sample.batchSize", batchSize, "must be >= 1");
    }

    /** Number of id blocks; every partition gets a contiguous run of whole blocks. */
    public long blocks() {
        return (count + batchSize - 1) / batchSize;
    }
}
