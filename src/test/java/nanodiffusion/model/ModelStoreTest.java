package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.DataConfig;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.WeightsKind;
import nanodiffusion.io.Storage;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.nio.file.Files;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelStoreTest {
    private final ModelConfig model = ConfigLoader.load(null, java.util.List.of("model.width=8", "model.depth=3")).model();
    private final ModelStore store = new ModelStore(new Storage(new Configuration()));

    private Path saved(File dir) {
        MultiLayerNetwork net = ScoreNetworkFactory.create(model, 2, new Adam(1e-3), 1);
        Path folder = new Path(new File(dir, "model").toURI());
        store.save(net, Optional.of(net.params().mul(0.5)), new TrainedWith(model, new DataConfig(200)), folder);
        return folder;
    }

    @Test
    void aSealedModelLoadsBackAsSaved(@TempDir File dir) {
        Path folder = saved(dir);
        MultiLayerNetwork raw = store.load(folder, WeightsKind.RAW, new TrainedWith(model, new DataConfig(200)));
        assertEquals(ScoreNetworkFactory.create(model, 2, new Adam(1e-3), 1).params(), raw.params());
        assertTrue(new File(dir, "model/_COMPLETE").length() > 0, "the marker lists the files");
    }

    @Test
    void aModelFileChangedAfterSavingIsRefusedNamingIt(@TempDir File dir) throws Exception {
        Path folder = saved(dir);
        File ema = new File(dir, "model/" + ModelStore.EMA_FILE);
        byte[] bytes = Files.readAllBytes(ema.toPath());
        bytes[bytes.length / 2] ^= 0x5A; // same size; the zip may even still open
        Files.write(ema.toPath(), bytes);
        Storage.StorageError e = assertThrows(Storage.StorageError.class,
                () -> store.load(folder, WeightsKind.EMA, new TrainedWith(model, new DataConfig(200))));
        assertTrue(e.getMessage().contains(ModelStore.EMA_FILE + ": does not match its checksum"), e.getMessage());
    }

    @Test
    void settingsThatNameAnotherNetworkThanTheSavedOneAreRefusedNamingItsValue(@TempDir File dir) {
        Path folder = saved(dir); // 8 wide, 3 layers, the default activation, 2-d
        String activation = model.activation().configName();
        String other = activation.equals("tanh") ? "relu" : "tanh";
        for (String[] c : new String[][] {{"model.width", "999", "8"}, {"model.depth", "4", "3"},
                {"model.activation", other, activation}}) {
            ModelConfig given = ConfigLoader.load(null, java.util.List.of("model.width=8", "model.depth=3",
                    c[0] + "=" + c[1])).model();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.load(folder, WeightsKind.RAW, new TrainedWith(given, new DataConfig(200))));
            assertEquals(c[0] + " = " + c[1] + ": the model in " + folder + " was trained with " + c[0] + " = " + c[2]
                    + "; sample and evaluate it with --set " + c[0] + "=" + c[2], e.getMessage());
        }
        TrainedWith wide = new TrainedWith(new ModelConfig(999, 3, model.activation(), model.output(),
                model.timeInput()), new DataConfig(200));
        assertEquals(java.util.List.of(new ModelStore.Mismatch("model.width", "999", "8")),
                store.mismatches(folder, store.load(folder, WeightsKind.EMA), wide));
    }
}
