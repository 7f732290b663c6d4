package nanodiffusion.model;

import nanodiffusion.io.Storage;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Saves and loads the score network in DL4J's zip format (configuration, parameters, updater state). */
public final class ModelStore {
    public static final String NETWORK_FILE = "score-network.zip";

    private final Storage storage;

    public ModelStore(Storage storage) {
        this.storage = storage;
    }

    public static Path networkPath(Path modelDir) {
        return new Path(modelDir, NETWORK_FILE);
    }

    public void save(MultiLayerNetwork network, Path modelDir) {
        storage.writeAtomically(networkPath(modelDir), out -> ModelSerializer.writeModel(network, out, true));
    }

    public MultiLayerNetwork load(Path modelDir) {
        Path file = networkPath(modelDir);
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
