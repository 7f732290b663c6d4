package nanodiffusion.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.io.FolderSeal;
import nanodiffusion.io.Storage;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpoints under OUT/checkpoints/step-NNNNNNNNN. Each is written into a hidden staging folder, sealed with a
 * _COMPLETE marker after every other file, and renamed into place, so a half-written checkpoint is never picked
 * up; only the newest {@code keep} are kept.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    static final String NETWORK = "network.zip";
    static final String EMA = "ema.bin";
    static final String LOSS = "loss.csv";
    static final String STATE = "state.json";
    static final String COMPLETE = "_COMPLETE";
    private static final String PREFIX = "step-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;
    private final Path folder;
    private final int keep;

    public CheckpointStore(Storage storage, Path folder, int keep) {
        this.storage = storage;
        this.folder = folder;
        this.keep = keep;
    }

    public Path folder() {
        return folder;
    }

    /** Writes a checkpoint atomically and prunes old ones; returns its folder. */
    public Path save(Checkpoint c) {
        Path target = new Path(folder, String.format("%s%09d", PREFIX, c.step()));
        storage.writeFolderAtomically(target, staging -> {
            storage.writeAtomically(new Path(staging, NETWORK), out -> ModelSerializer.writeModel(c.network(), out, true));
            if (c.ema().isPresent()) {
                storage.writeAtomically(new Path(staging, EMA), out -> Nd4j.write(c.ema().get(), new DataOutputStream(out)));
            }
            storage.writeText(new Path(staging, LOSS), c.history().toCsv());
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("step", c.step());
            state.put("config", c.config());
            storage.writeAtomically(new Path(staging, STATE), out -> out.write(JSON.writeValueAsBytes(state)));
            FolderSeal.seal(storage, staging);
            return null;
        });
        prune();
        return target;
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() {
        List<Path> complete = completeCheckpoints();
        return complete.isEmpty() ? Optional.empty() : Optional.of(complete.get(complete.size() - 1));
    }

    /** A checkpoint that loaded, with the newer ones that did not and why. */
    public record Readable(Path path, Checkpoint checkpoint, List<String> skipped) {
    }

    /**
     * The newest complete checkpoint that loads; newer ones that do not (a damaged file, a truncated write) are
     * skipped and named with the reason, older ones are not touched. Empty when none loads.
     */
    public Optional<Readable> newestReadable() {
        List<Path> complete = completeCheckpoints();
        List<String> skipped = new java.util.ArrayList<>();
        for (int i = complete.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(new Readable(complete.get(i), load(complete.get(i)), List.copyOf(skipped)));
            } catch (Storage.StorageError e) {
                LOG.warn("skipping checkpoint {}: {}", complete.get(i), e.getMessage());
                skipped.add(e.getMessage());
            }
        }
        return Optional.empty();
    }

    public Checkpoint load(Path checkpoint) {
        FolderSeal.verify(storage, checkpoint); // a damaged file is named before anything is parsed
        try {
            Map<?, ?> state = JSON.readValue(storage.readText(new Path(checkpoint, STATE)), Map.class);
            MultiLayerNetwork network = storage.read(new Path(checkpoint, NETWORK),
                    in -> ModelSerializer.restoreMultiLayerNetwork(in, true));
            Path ema = new Path(checkpoint, EMA);
            Optional<INDArray> average = storage.exists(ema)
                    ? Optional.of(storage.read(ema, in -> Nd4j.read(new DataInputStream(in)))) : Optional.empty();
            LossHistory history = LossHistory.fromCsv(storage.readText(new Path(checkpoint, LOSS)));
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) state.get("config");
            return new Checkpoint(((Number) state.get("step")).longValue(), network, average, history, config);
        } catch (IOException | RuntimeException e) {
            throw new Storage.StorageError(checkpoint + ": not a readable checkpoint (" + e.getMessage() + ")",
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private List<Path> completeCheckpoints() {
        if (!storage.exists(folder)) {
            return List.of();
        }
        FileSystem fs = storage.fs(folder);
        try {
            FileStatus[] entries = fs.listStatus(folder);
            return Arrays.stream(entries).map(FileStatus::getPath)
                    .filter(p -> p.getName().startsWith(PREFIX) && storage.exists(new Path(p, COMPLETE)))
                    .sorted(Comparator.comparing(Path::getName)).toList();
        } catch (IOException e) {
            throw new Storage.StorageError(folder + ": cannot list checkpoints (" + e.getMessage() + ")", e);
        }
    }

    private void prune() {
        List<Path> complete = completeCheckpoints();
        for (int i = 0; i < complete.size() - keep; i++) {
            LOG.info("pruning old checkpoint {}", complete.get(i));
            storage.deleteRecursively(complete.get(i));
        }
    }
}
