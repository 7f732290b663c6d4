package nanodiffusion.model;

import nanodiffusion.config.ConfigError;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.WeightsKind;
import nanodiffusion.io.JsonFiles;
import nanodiffusion.io.Storage;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Saves and loads the score network in DL4J's zip format (configuration, parameters, updater state). */
public final class ModelStore {
    public static final String NETWORK_FILE = "score-network.zip";
    /** The same network with the exponential moving average of the parameters, no updater state. */
    public static final String EMA_FILE = "ema-network.zip";
    /**
     * The network's parametrisation (model.output, model.timeInput): the zip holds its layers, not how its inputs
     * and outputs map to t and the score. Absent in folders of the seed's network (score out, t in).
     */
    public static final String PARAMETRISATION_FILE = "parametrisation.json";
    /** Marker written after every other file of the model folder. */
    public static final String COMPLETE = "_COMPLETE";

    private final Storage storage;

    public ModelStore(Storage storage) {
        this.storage = storage;
    }

    public static Path networkPath(Path modelDir) {
        return new Path(modelDir, NETWORK_FILE);
    }

    public static Path emaPath(Path modelDir) {
        return new Path(modelDir, EMA_FILE);
    }

    /** Saves the network with its updater, and when given, the EMA parameters as a second network. */
    public void save(MultiLayerNetwork network, Optional<INDArray> ema, ModelConfig model, Path modelDir) {
        new JsonFiles(storage).write(new Path(modelDir, PARAMETRISATION_FILE), model.parametrisationSettings());
        storage.writeAtomically(networkPath(modelDir), out -> ModelSerializer.writeModel(network, out, true));
        if (ema.isPresent()) {
            MultiLayerNetwork averaged = network.clone();
            averaged.setParams(ema.get());
            storage.writeAtomically(emaPath(modelDir), out -> ModelSerializer.writeModel(averaged, out, false));
        }
        storage.writeText(new Path(modelDir, COMPLETE), ""); // last: the folder is whole
    }

    /**
     * Checks that the settings name the parametrisation the model in {@code modelDir} was trained with: the same
     * network read with another one computes a different, wrong score.
     */
    private void requireParametrisation(Path modelDir, ModelConfig model) {
        Path file = new Path(modelDir, PARAMETRISATION_FILE);
        // a folder without the file holds the seed's network
        Map<String, String> trained = ModelConfig.seedParametrisationSettings();
        if (storage.exists(file)) {
            new JsonFiles(storage).readObject(file).fields()
                    .forEachRemaining(e -> trained.put(e.getKey(), e.getValue().asText()));
        }
        Map<String, String> now = model.parametrisationSettings();
        List<String> differing = now.keySet().stream().filter(k -> !now.get(k).equals(trained.get(k))).toList();
        if (!differing.isEmpty()) {
            String first = differing.get(0);
            throw ConfigError.of(first, now.get(first), "the model in " + modelDir + " was trained with other network "
                    + "settings; sample and evaluate it with " + differing.stream()
                    .map(k -> "--set " + k + "=" + trained.get(k)).collect(Collectors.joining(" ")));
        }
    }

    /** The trained network with its updater state (raw parameters). */
    public MultiLayerNetwork load(Path modelDir) {
        return read(networkPath(modelDir));
    }

    /**
     * The parameters sampling should use, once read (a missing or unreadable model is named first) and checked to
     * be read with the network settings it was trained with.
     */
    public MultiLayerNetwork load(Path modelDir, WeightsKind weights, ModelConfig model) {
        if (weights == WeightsKind.EMA && !storage.exists(emaPath(modelDir))) {
            throw new Storage.StorageError(emaPath(modelDir) + ": this model was trained without train.emaDecay; "
                    + "sample with --set sample.weights=raw", new java.io.FileNotFoundException());
        }
        MultiLayerNetwork network = read(weights == WeightsKind.EMA ? emaPath(modelDir) : networkPath(modelDir));
        requireParametrisation(modelDir, model);
        return network;
    }

    private MultiLayerNetwork read(Path file) {
        if (!storage.exists(new Path(file.getParent(), COMPLETE))) {
            throw new Storage.StorageError(file.getParent() + ": no complete trained model here (run train first)",
                    new java.io.FileNotFoundException());
        }
        if (!storage.exists(file)) {
            throw new Storage.StorageError(file + ": no trained model here (run train first)", new java.io.FileNotFoundException());
        }
        return storage.read(file, in -> {
            try {
                return ModelSerializer.restoreMultiLayerNetwork(in, true);
            } catch (RuntimeException e) {
                throw new IOException("not a readable DL4J model (" + e.getMessage() + ")", e);
            }
        });
    }

    /** Parameters and configuration only, as bytes small enough to broadcast to executors. */
    public static byte[] toBytes(MultiLayerNetwork network) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, bytes, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static MultiLayerNetwork fromBytes(byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
