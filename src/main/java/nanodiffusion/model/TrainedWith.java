package nanodiffusion.model;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.DataConfig;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.RunConfig;

import java.util.List;

/**
 * The settings a saved network was trained under. What it means beyond its layers - its parametrisation (model), its
 * data, the SDE whose score it learned and the loss - is the settings the table marks as describing the model
 * ({@link nanodiffusion.config.Setting#describesModel}); a model folder records those and is read only under the
 * same values.
 */
public record TrainedWith(RunConfig config) {
    public static TrainedWith of(RunConfig config) {
        return new TrainedWith(config);
    }

    /** {@code model} on {@code data}, every other setting at its default (the seed's VP SDE, denoising score matching). */
    public TrainedWith(ModelConfig model, DataConfig data) {
        this(ConfigLoader.load(null, List.of()).withModel(model).withData(data));
    }

    public ModelConfig model() {
        return config.model();
    }

    public DataConfig data() {
        return config.data();
    }
}
