package nanodiffusion.train;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ScoreNetworkFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {
    private static Checkpoint checkpoint(long step) {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(8, 3, ActivationKind.RELU), 2, new Adam(1e-3), step);
        LossHistory h = new LossHistory();
        h.add(step, 0.5, 1.0);
        return new Checkpoint(step, net, Optional.of(net.params().mul(2)), h, Map.of("seed", 0));
    }

    @Test
    void savedCheckpointLoadsBackWhole(@TempDir File dir) {
        CheckpointStore store = new CheckpointStore(new Storage(new Configuration()), new Path(dir.toURI()), 2);
        Checkpoint c = checkpoint(30);
        Path saved = store.save(c);
        Checkpoint back = store.load(saved);
        assertEquals(30, back.step());
        assertEquals(c.network().params(), back.network().params());
        assertEquals(c.network().getUpdater().getStateViewArray(), back.network().getUpdater().getStateViewArray());
        assertEquals(c.ema().get(), back.ema().get());
        assertEquals(c.history().points(), back.history().points());
        assertEquals(0, ((Number) back.config().get("seed")).intValue());
    }

    @Test
    void halfWrittenCheckpointsAreIgnoredAndOldOnesPruned(@TempDir File dir) {
        CheckpointStore store = new CheckpointStore(new Storage(new Configuration()), new Path(dir.toURI()), 2);
        store.save(checkpoint(10));
        store.save(checkpoint(20));
        store.save(checkpoint(30));
        assertEquals(java.util.List.of("step-000000020", "step-000000030"),
                java.util.Arrays.stream(dir.list()).sorted().toList());
        // a newer folder without its _COMPLETE marker (a crash mid-write) is never picked up
        assertTrue(new File(dir, "step-000000040").mkdir());
        assertEquals("step-000000030", store.latest().orElseThrow().getName());
    }

    /** Flips one byte in the middle of a file: its size stays, a parser may still read it, the checksum does not. */
    static void flipOneByte(File file) throws java.io.IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(file.toPath());
        bytes[bytes.length / 2] ^= 0x5A;
        java.nio.file.Files.write(file.toPath(), bytes);
    }

    @Test
    void aFlippedByteInTheNewestCheckpointIsNamedAndTheOlderOneIsResumedFrom(@TempDir File dir) throws Exception {
        CheckpointStore store = new CheckpointStore(new Storage(new Configuration()), new Path(dir.toURI()), 2);
        store.save(checkpoint(10));
        Path newest = store.save(checkpoint(20));
        flipOneByte(new File(dir, "step-000000020/" + CheckpointStore.EMA));
        Storage.StorageError e = org.junit.jupiter.api.Assertions.assertThrows(Storage.StorageError.class,
                () -> store.load(newest));
        assertTrue(e.getMessage().contains("step-000000020/ema.bin: does not match its checksum"), e.getMessage());
        CheckpointStore.Readable r = store.newestReadable().orElseThrow();
        assertEquals(10, r.checkpoint().step());
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).contains("ema.bin"), r.skipped().toString());
    }

    @Test
    void aRemovedOrAddedFileBreaksTheSeal(@TempDir File dir) throws Exception {
        CheckpointStore store = new CheckpointStore(new Storage(new Configuration()), new Path(dir.toURI()), 3);
        Path a = store.save(checkpoint(10));
        Path b = store.save(checkpoint(20));
        assertTrue(new File(dir, "step-000000010/" + CheckpointStore.LOSS).delete());
        java.nio.file.Files.writeString(new File(dir, "step-000000020/extra.txt").toPath(), "x");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(Storage.StorageError.class, () -> store.load(a))
                .getMessage().contains("loss.csv: is missing"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(Storage.StorageError.class, () -> store.load(b))
                .getMessage().contains("extra.txt: was added after the folder was sealed"));
    }
}
