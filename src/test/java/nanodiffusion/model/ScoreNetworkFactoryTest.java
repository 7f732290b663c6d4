package nanodiffusion.model;

import nanodiffusion.config.DataConfig;
import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ConfigError;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.config.TimeInputKind;
import nanodiffusion.io.Storage;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.util.Optional;
import nanodiffusion.config.WeightsKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreNetworkFactoryTest {
    @Test
    void referenceNetworkHasSixLinearLayersAnd17026Parameters() {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(64, 6, ActivationKind.RELU), 2, new Adam(1e-3), 0);
        assertEquals(6, net.getnLayers());
        assertEquals(17_026, net.numParams()); // 3*64+64 + 4*(64*64+64) + 64*2+2
    }

    @Test
    void widthAndDepthChangeTheNetwork() {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(32, 3, ActivationKind.SWISH), 2, new Adam(1e-3), 0);
        assertEquals(3, net.getnLayers());
        assertEquals(3 * 32 + 32 + 32 * 32 + 32 + 32 * 2 + 2, net.numParams());
    }

    @Test
    void sameSeedGivesTheSameInitialParametersAndOtherSeedsDiffer() {
        ModelConfig m = new ModelConfig(64, 6, ActivationKind.RELU);
        assertEquals(ScoreNetworkFactory.create(m, 2, new Adam(1e-3), 3).params(),
                ScoreNetworkFactory.create(m, 2, new Adam(1e-3), 3).params());
        assertNotEquals(ScoreNetworkFactory.create(m, 2, new Adam(1e-3), 3).params(),
                ScoreNetworkFactory.create(m, 2, new Adam(1e-3), 4).params());
    }

    @Test
    void initialWeightsAreBoundedByOneOverSqrtFanIn() {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(64, 6, ActivationKind.RELU), 2, new Adam(1e-3), 0);
        double first = net.getLayer(0).getParam("W").amaxNumber().doubleValue();
        double hidden = net.getLayer(1).getParam("W").amaxNumber().doubleValue();
        assertEquals(1 / Math.sqrt(3), first, 0.05); // 192 uniform draws reach within 5% of the bound
        assertEquals(1 / Math.sqrt(64), hidden, 0.01);
    }

    @Test
    void savedModelKeepsParametersUpdaterStateAndEma(@TempDir File dir) {
        ModelConfig model = new ModelConfig(16, 3, ActivationKind.RELU);
        MultiLayerNetwork net = ScoreNetworkFactory.create(model, 2, new Adam(1e-3), 0);
        ExponentialAverage ema = new ExponentialAverage(0.9, net.params());
        net.fit(org.nd4j.linalg.factory.Nd4j.rand(8, 3), org.nd4j.linalg.factory.Nd4j.rand(8, 3));
        ema.update(net.params(), 0, 1);
        ModelStore store = new ModelStore(new Storage(new Configuration()));
        Path folder = new Path(dir.toURI().toString(), "model");
        store.save(net, Optional.of(ema.value()), new TrainedWith(model, new DataConfig(200)), folder);

        MultiLayerNetwork back = store.load(folder);
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        assertEquals(back.params(), store.load(folder, WeightsKind.RAW, new TrainedWith(model, new DataConfig(200))).params());
        assertEquals(ema.value(), store.load(folder, WeightsKind.EMA, new TrainedWith(model, new DataConfig(200))).params());
        assertNotEquals(net.params(), ema.value());
    }

    @Test
    void askingForEmaWeightsOfAModelWithoutThemNamesTheFix(@TempDir File dir) {
        ModelConfig model = new ModelConfig(8, 2, ActivationKind.RELU);
        MultiLayerNetwork net = ScoreNetworkFactory.create(model, 2, new Adam(1e-3), 0);
        ModelStore store = new ModelStore(new Storage(new Configuration()));
        Path folder = new Path(dir.toURI().toString(), "model");
        store.save(net, Optional.empty(), new TrainedWith(model, new DataConfig(200)), folder);
        Exception e = assertThrows(Storage.StorageError.class, () -> store.load(folder, WeightsKind.EMA, new TrainedWith(model, new DataConfig(200))));
        assertTrue(e.getMessage().contains("sample.weights=raw"), e.getMessage());
    }

    @Test
    void modelIsReadOnlyWithTheParametrisationItWasTrainedWith(@TempDir File dir) throws Exception {
        ModelConfig noise = new ModelConfig(8, 2, ActivationKind.RELU, ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR);
        ModelConfig seed = new ModelConfig(8, 2, ActivationKind.RELU);
        MultiLayerNetwork net = ScoreNetworkFactory.create(noise, 2, new Adam(1e-3), 0);
        ModelStore store = new ModelStore(new Storage(new Configuration()));
        Path folder = new Path(dir.toURI().toString(), "model");
        store.save(net, Optional.empty(), new TrainedWith(noise, new DataConfig(200)), folder);

        assertEquals(net.params(), store.load(folder, WeightsKind.RAW, new TrainedWith(noise, new DataConfig(200))).params());
        ConfigError e = assertThrows(ConfigError.class, () -> store.load(folder, WeightsKind.RAW, new TrainedWith(seed, new DataConfig(200))));
        assertTrue(e.getMessage().startsWith("model.output = score: ")
                && e.getMessage().endsWith("with --set model.output=noise --set model.timeInput=log-snr"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> store.load(folder, WeightsKind.RAW, new TrainedWith(
                new ModelConfig(8, 2, ActivationKind.RELU, ScoreOutputKind.NOISE, TimeInputKind.T), new DataConfig(200))));
        assertTrue(e.getMessage().startsWith("model.timeInput = t: ")
                && e.getMessage().endsWith("with --set model.timeInput=log-snr"), e.getMessage());

        // a model folder from before the setting existed holds the seed's network (sealed without the file: an
        // empty _COMPLETE from before checksums is refused, see FolderSealTest)
        java.nio.file.Files.delete(new File(dir, "model/" + ModelStore.PARAMETRISATION_FILE).toPath());
        nanodiffusion.io.FolderSeal.seal(new Storage(new Configuration()), folder);
        assertEquals(net.params(), store.load(folder, WeightsKind.RAW, new TrainedWith(seed, new DataConfig(200))).params());
        assertThrows(ConfigError.class, () -> store.load(folder, WeightsKind.RAW, new TrainedWith(noise, new DataConfig(200))));
    }
}
