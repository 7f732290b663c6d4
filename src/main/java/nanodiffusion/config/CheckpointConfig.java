package nanodiffusion.config;

import static nanodiffusion.config.Settings.TRAIN_CHECKPOINT_EVERY;
import static nanodiffusion.config.Settings.TRAIN_KEEP_CHECKPOINTS;

/** Training checkpoints: one every {@code every} steps (0: none), the newest {@code keep} kept. */
public record CheckpointConfig(int every, int keep) implements java.io.Serializable {
    public CheckpointConfig {
        ConfigError.require(every >= 0, TRAIN_CHECKPOINT_EVERY, every, "must be >= 0 (0 disables checkpoints)");
        ConfigError.require(keep >= 1, TRAIN_KEEP_CHECKPOINTS, keep, "must be >= 1");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static CheckpointConfig read(SettingSource s) {
        return new CheckpointConfig(s.get(TRAIN_CHECKPOINT_EVERY), s.get(TRAIN_KEEP_CHECKPOINTS));
    }

    public boolean enabled() {
        return every > 0;
    }
}
