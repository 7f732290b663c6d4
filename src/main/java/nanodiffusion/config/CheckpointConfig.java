package nanodiffusion.config;

/** Training checkpoints: one every {@code every} steps (0: none), the newest {@code keep} kept. */
public record CheckpointConfig(int every, int keep) implements java.io.Serializable {
    public CheckpointConfig {
        ConfigError.require(every >= 0, "train.checkpointEvery", every, "must be >= 0 (0 disables checkpoints)");
        ConfigError.require(keep >= 1, "train.keepCheckpoints", keep, "must be >= 1");
    }

    public boolean enabled() {
        return every > 0;
    }
}
