package nanodiffusion.model;

import nanodiffusion.config.DataConfig;
import nanodiffusion.config.LossConfig;
import nanodiffusion.config.LossKind;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.SdeConfig;

/**
 * What a saved network means beyond its layers: its parametrisation (model), its data, the SDE whose score it learned
 * and the loss it was trained with. A model folder records these and is read only under the same values.
 */
public record TrainedWith(ModelConfig model, DataConfig data, SdeConfig sde, LossConfig loss) {
    public static TrainedWith of(RunConfig config) {
        return new TrainedWith(config.model(), config.data(), config.sde(), config.train().loss());
    }

    /** A network of the seed's SDE (VP, beta 0.1 to 20 over T = 1) trained by denoising score matching. */
    public TrainedWith(ModelConfig model, DataConfig data) {
        this(model, data, new SdeConfig(0.1, 20, 1), new LossConfig(LossKind.DSM, 1));
    }
}
