package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ModelConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowMajorDenseTest {
    /** The same network built from DL4J's own DenseLayer, with the given parameters. */
    private static MultiLayerNetwork withDl4jDense(MultiLayerNetwork ours) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list();
        int layers = ours.getnLayers();
        for (int i = 0; i < layers - 1; i++) {
            RowMajorDense d = (RowMajorDense) ours.getLayer(i).conf().getLayer();
            list.layer(new DenseLayer.Builder().nIn(d.getNIn()).nOut(d.getNOut()).activation(d.getActivationFn()).build());
        }
        OutputLayer out = (OutputLayer) ours.getLayer(layers - 1).conf().getLayer();
        list.layer(new OutputLayer.Builder(new NoiseMatchingLoss()).nIn(out.getNIn()).nOut(out.getNOut())
                .activation(Activation.IDENTITY).build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init(ours.params().dup(), true);
        return net;
    }

    @Test
    void outputsGradientsAndTrainingStepsMatchDl4jDenseLayers() {
        for (ActivationKind act : new ActivationKind[] {ActivationKind.RELU, ActivationKind.TANH}) {
            MultiLayerNetwork ours = ScoreNetworkFactory.create(new ModelConfig(64, 6, act), 2, new Adam(1e-3), 3);
            MultiLayerNetwork theirs = withDl4jDense(ours);
            assertTrue(ours.getLayer(0).conf().getLayer() instanceof RowMajorDense);
            Nd4j.getRandom().setSeed(11);
            INDArray features = Nd4j.rand(DataType.FLOAT, 3000, 3).subi(0.5).muli(4);
            INDArray labels = Nd4j.rand(DataType.FLOAT, 3000, 3);

            // float32 with the same products; only summation order may differ in the last bits
            assertClose(theirs.output(features, false), ours.output(features, false), 1e-5, act + " output");
            for (MultiLayerNetwork n : new MultiLayerNetwork[] {ours, theirs}) {
                n.setInput(features);
                n.setLabels(labels);
                n.computeGradientAndScore();
            }
            assertEquals(theirs.score(), ours.score(), 1e-6 * Math.abs(theirs.score()), act + " loss");
            assertClose(theirs.gradient().gradient(), ours.gradient().gradient(), 1e-5, act + " gradient");
            for (int step = 0; step < 5; step++) {
                ours.fit(features, labels);
                theirs.fit(features, labels);
            }
            assertClose(theirs.params(), ours.params(), 1e-5, act + " parameters after 5 Adam steps");
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= relative * scale, what + ": max difference " + diff + " at scale " + scale);
    }
}
