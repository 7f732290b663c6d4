package nanodiffusion.ml;

import nanodiffusion.config.RunConfig;
import nanodiffusion.config.WeightsKind;
import nanodiffusion.data.Standardization;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.TrainedWith;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Optional;

/**
 * What training produced, held in memory by a {@link DiffusionModel}: the network with its updater state, the EMA
 * of its parameters, and a table's standardisation. Read from and written as the command line's model folder by
 * {@link ModelStore}, its one reader and writer (checksummed, sealed with _COMPLETE).
 */
record FittedNetwork(MultiLayerNetwork network, Optional<INDArray> ema, Optional<Standardization> standardization) {
    /**
     * Reads a model folder, verifying its seal and that {@code config}, read from {@code settingsFile}, describes
     * its network: its parametrisation, SDE, loss, columns and layers ({@link ModelStore#mismatches}); a setting that
     * does not is refused naming the file, the key and the network's value.
     */
    static FittedNetwork read(Storage storage, Path modelDir, RunConfig config, Path settingsFile) {
        ModelStore store = new ModelStore(storage);
        MultiLayerNetwork raw = store.load(modelDir, WeightsKind.RAW);
        List<ModelStore.Mismatch> differing = store.mismatches(modelDir, raw, TrainedWith.of(config));
        if (!differing.isEmpty()) {
            ModelStore.Mismatch m = differing.get(0);
            throw new IllegalArgumentException(settingsFile + ": " + m.key() + " = " + m.given() + ", but the model in "
                    + modelDir + " has " + m.key() + " = " + m.trained() + "; " + settingsFile.getName() + " does not "
                    + "describe the model saved with it (edited, or from another model)");
        }
        Optional<INDArray> ema = storage.exists(ModelStore.emaPath(modelDir))
                ? Optional.of(store.load(modelDir, WeightsKind.EMA).params())
                : Optional.empty();
        return new FittedNetwork(raw, ema, store.standardization(modelDir));
    }

    void write(Storage storage, Path modelDir, RunConfig config) {
        new ModelStore(storage).save(network, ema, TrainedWith.of(config), standardization, modelDir);
    }

    /** The parameters sampling and the likelihood use: sample.weights' choice. */
    MultiLayerNetwork forSampling(WeightsKind weights) {
        if (weights == WeightsKind.RAW) {
            return network;
        }
        INDArray averaged = ema.orElseThrow(() -> new IllegalArgumentException("sample.weights = ema: this model was "
                + "trained without train.emaDecay; set sample.weights = raw"));
        MultiLayerNetwork copy = network.clone();
        copy.setParams(averaged);
        return copy;
    }
}
