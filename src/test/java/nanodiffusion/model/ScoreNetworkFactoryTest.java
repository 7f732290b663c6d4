package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.io.Storage;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoreNetworkFactoryTest {
    @Test
    void referenceNetworkHasSixLinearLayersAnd17026Parameters() {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(64, 6, ActivationKind.RELU), new Adam(1e-3), 0);
        assertEquals(6, net.getnLayers());
        assertEquals(17_026, net.numParams()); // 3*64+64 + 4*(64*64+64) + 64*2+2
    }

    @Test
    void widthAndDepthChangeTheNetwork() {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(32, 3, ActivationKind.SWISH), new Adam(1e-3), 0);
        assertEquals(3, net.getnLayers());
        assertEquals(3 * 32 + 32 + 32 * 32 + 32 + 32 * 2 + 2, net.numParams());
    }

    @Test
    void initialWeightsAreBoundedByOneOverSqrtFanIn() {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(64, 6, ActivationKind.RELU), new Adam(1e-3), 0);
        double first = net.getLayer(0).getParam("W").amaxNumber().doubleValue();
        double hidden = net.getLayer(1).getParam("W").amaxNumber().doubleValue();
        assertEquals(1 / Math.sqrt(3), first, 0.05); // 192 uniform draws reach within 5% of the bound
        assertEquals(1 / Math.sqrt(64), hidden, 0.01);
    }

    @Test
    void savedModelKeepsParametersAndUpdaterState(@TempDir File dir) {
        MultiLayerNetwork net = ScoreNetworkFactory.create(new ModelConfig(16, 3, ActivationKind.RELU), new Adam(1e-3), 0);
        net.fit(org.nd4j.linalg.factory.Nd4j.rand(8, 3), org.nd4j.linalg.factory.Nd4j.rand(8, 3));
        ModelStore store = new ModelStore(new Storage(new Configuration()));
        Path folder = new Path(dir.toURI().toString(), "model");
        store.save(net, folder);
        MultiLayerNetwork back = store.load(folder);
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
    }
}
