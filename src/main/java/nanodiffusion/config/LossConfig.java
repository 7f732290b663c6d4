package nanodiffusion.config;

import static nanodiffusion.config.Settings.TRAIN_LOSS;
import static nanodiffusion.config.Settings.TRAIN_SLICED_PROJECTIONS;

/** The training loss, and for sliced score matching its Gaussian projections per point. */
public record LossConfig(LossKind kind, int slicedProjections) implements java.io.Serializable {
    public LossConfig {
        ConfigError.require(kind != null, TRAIN_LOSS, null, "must be set");
        ConfigError.require(slicedProjections >= 1, TRAIN_SLICED_PROJECTIONS, slicedProjections, "must be >= 1");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static LossConfig read(SettingSource s) {
        return new LossConfig(s.get(TRAIN_LOSS), s.get(TRAIN_SLICED_PROJECTIONS));
    }

    /** Projections per point of the training batches' targets: 0 for denoising score matching. */
    public int projections() {
        return kind == LossKind.SLICED ? slicedProjections : 0;
    }
}
