package nanodiffusion.model;

import nanodiffusion.config.ConfigError;
import nanodiffusion.config.DataConfig;
import nanodiffusion.config.Setting;
import nanodiffusion.config.Settings;
import nanodiffusion.config.WeightsKind;
import nanodiffusion.data.Standardization;
import nanodiffusion.io.JsonFiles;
import nanodiffusion.io.FolderSeal;
import nanodiffusion.io.Storage;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
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
     * The network's parametrisation (model.output, model.timeInput) and its data (data.source, data.dim): the zip
     * holds its layers, not how its inputs and outputs map to t and the score, nor what it was trained on. Absent,
     * or without the data keys, in folders of earlier versions (the seed's network on the 2D ring).
     */
    public static final String PARAMETRISATION_FILE = "parametrisation.json";
    /** A table's per-column standardisation (columns, mean, std), which sampling inverts; only for tables. */
    public static final String STANDARDIZATION_FILE = "standardization.json";
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
    public void save(MultiLayerNetwork network, Optional<INDArray> ema, TrainedWith trained, Path modelDir) {
        save(network, ema, trained, Optional.empty(), modelDir);
    }

    /** As above, with a table's standardisation (which sampling inverts and the likelihood accounts for). */
    public void save(MultiLayerNetwork network, Optional<INDArray> ema, TrainedWith trained,
                     Optional<Standardization> standardization, Path modelDir) {
        DataConfig data = trained.data();
        new JsonFiles(storage).write(new Path(modelDir, PARAMETRISATION_FILE), recorded(trained));
        standardization.ifPresent(st -> {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("columns", data.table().columns());
            json.put("mean", st.mean());
            json.put("std", st.std());
            new JsonFiles(storage).write(new Path(modelDir, STANDARDIZATION_FILE), json);
        });
        storage.writeAtomically(networkPath(modelDir), out -> ModelSerializer.writeModel(network, out, true));
        if (ema.isPresent()) {
            MultiLayerNetwork averaged = network.clone();
            averaged.setParams(ema.get());
            storage.writeAtomically(emaPath(modelDir), out -> ModelSerializer.writeModel(averaged, out, false));
        }
        FolderSeal.seal(storage, modelDir); // last: the folder is whole, each file with its checksum
    }

    /**
     * What a model folder records: the settings the table marks as describing a saved network
     * ({@link Settings#describingModel}: its parametrisation, data, SDE and loss), in table order.
     */
    static Map<String, String> recorded(TrainedWith trained) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting<?> s : Settings.describingModel()) {
            m.put(s.key(), String.valueOf(s.plainValueIn(trained.config())));
        }
        return m;
    }

    /**
     * What a folder of an earlier version, without the file or without some keys, holds: the seed's 2D ring, the VP
     * SDE, denoising score matching (each setting's {@link Setting#modelEarlier}). Its SDE's parameters were not
     * recorded, so they are not checked.
     */
    private static Map<String, String> recordedByEarlierVersions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting<?> s : Settings.describingModel()) {
            s.plainModelEarlier().ifPresent(was -> m.put(s.key(), String.valueOf(was)));
        }
        return m;
    }

    /** A setting that names another model than the one in a folder: its key, the value given and the model's. */
    public record Mismatch(String key, String given, String trained) {
    }

    /**
     * The settings that do not describe the model in {@code modelDir}, in order: its parametrisation and data as the
     * folder records them, and what {@code network}'s own layers fix (width, depth, activation, dimension). The same
     * network read with another parametrisation computes a different, wrong score; samples or metrics of another
     * source or dimension mean nothing; and settings that name another network than the one that runs falsify what
     * run.json and a Spark ML model's config() report.
     */
    public List<Mismatch> mismatches(Path modelDir, MultiLayerNetwork network, TrainedWith trainedWith) {
        Map<String, String> trained = recordedSettings(modelDir);
        trained.putAll(ScoreNetworkFactory.layerSettings(network));
        Map<String, String> now = recorded(trainedWith);
        now.putAll(ScoreNetworkFactory.layerSettings(trainedWith.model(), trainedWith.data().dim()));
        return now.keySet().stream().filter(k -> trained.containsKey(k) && !now.get(k).equals(trained.get(k)))
                .map(k -> new Mismatch(k, now.get(k), trained.get(k))).toList();
    }

    /**
     * What the folder's parametrisation file records, with the values of earlier versions where it records nothing
     * (settings those did not record are absent, and not checked).
     */
    private Map<String, String> recordedSettings(Path modelDir) {
        Path file = new Path(modelDir, PARAMETRISATION_FILE);
        Map<String, String> trained = recordedByEarlierVersions();
        if (storage.exists(file)) {
            new JsonFiles(storage).readObject(file).fields()
                    .forEachRemaining(e -> trained.put(e.getKey(), e.getValue().asText()));
        }
        return trained;
    }

    /** The columns a model folder says it was trained on (empty for generated sources and earlier versions). */
    public java.util.List<String> recordedColumns(Path modelDir) {
        Path file = new Path(modelDir, PARAMETRISATION_FILE);
        if (!storage.exists(file)) {
            return java.util.List.of();
        }
        var node = new JsonFiles(storage).readObject(file).get(Settings.DATA_COLUMNS.key());
        String joined = node == null ? "" : node.asText();
        return joined.isEmpty() ? java.util.List.of() : java.util.List.of(joined.split(",", -1));
    }

    /** A table model's standardisation, empty for generated sources. */
    public Optional<Standardization> standardization(Path modelDir) {
        Path file = new Path(modelDir, STANDARDIZATION_FILE);
        if (!storage.exists(file)) {
            return Optional.empty();
        }
        var node = new JsonFiles(storage).readObject(file);
        return Optional.of(new Standardization(doubles(node.get("mean")), doubles(node.get("std"))));
    }

    private static double[] doubles(com.fasterxml.jackson.databind.JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    /** The trained network with its updater state (raw parameters). */
    public MultiLayerNetwork load(Path modelDir) {
        return read(networkPath(modelDir));
    }

    /**
     * The parameters sampling should use, once read (a missing or unreadable model is named first) and checked to
     * be read with the settings it was trained with (see {@link #mismatches}); a mismatch is the command line's
     * error, naming the key and the --set that fixes it.
     */
    public MultiLayerNetwork load(Path modelDir, WeightsKind weights, TrainedWith trained) {
        MultiLayerNetwork network = load(modelDir, weights);
        List<Mismatch> differing = mismatches(modelDir, network, trained);
        if (!differing.isEmpty()) {
            Mismatch first = differing.get(0);
            throw ConfigError.of(first.key(), first.given(), "the model in " + modelDir + " was trained with "
                    + first.key() + " = " + first.trained() + "; sample and evaluate it with " + differing.stream()
                    .map(m -> "--set " + m.key() + "=" + m.trained()).collect(Collectors.joining(" ")));
        }
        return network;
    }

    /** The parameters of {@code weights}, read and verified against the folder's seal; no settings checked. */
    public MultiLayerNetwork load(Path modelDir, WeightsKind weights) {
        if (weights == WeightsKind.EMA && !storage.exists(emaPath(modelDir))) {
            throw new Storage.StorageError(emaPath(modelDir) + ": this model was trained without train.emaDecay; "
                    + "sample with --set sample.weights=raw", new java.io.FileNotFoundException());
        }
        return read(weights == WeightsKind.EMA ? emaPath(modelDir) : networkPath(modelDir));
    }

    private MultiLayerNetwork read(Path file) {
        if (!storage.exists(new Path(file.getParent(), COMPLETE))) {
            throw new Storage.StorageError(file.getParent() + ": no complete trained model here (run train first)",
                    new java.io.FileNotFoundException());
        }
        if (!storage.exists(file)) {
            throw new Storage.StorageError(file + ": no trained model here (run train first)", new java.io.FileNotFoundException());
        }
        FolderSeal.verify(storage, file.getParent());
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
