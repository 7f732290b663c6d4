package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ModelConfig;
import nanodiffusion.config.Settings;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import nanodiffusion.data.RandomStreams;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The score MLP on (x, t) in R^d x R: Linear(d + 1, w), act, (depth - 2) x [Linear(w, w), act], Linear(w, d); in
 * 2D, the seed's Linear(3, w) ... Linear(w, 2) on (x, y, t). Weights and
 * biases start uniform in +-1/sqrt(fan_in), as PyTorch's nn.Linear does, drawn from the stream (seed, INIT, layer):
 * DL4J's own seeded initialisation is not repeatable with distribution-based weight init.
 */
public final class ScoreNetworkFactory {
    private ScoreNetworkFactory() {
    }

    /** The network for points of {@code dim} coordinates: dim + 1 inputs (the point and the time input), dim outputs. */
    public static MultiLayerConfiguration configuration(ModelConfig model, int dim, IUpdater updater, long seed,
                                                        DataType dtype) {
        Activation act = activation(model.activation());
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dtype)
                .updater(updater)
                .list();
        int fanIn = dim + 1;
        for (int layer = 0; layer < model.depth() - 1; layer++) {
            list.layer(new RowMajorDense.Builder().nIn(fanIn).nOut(model.width()).activation(act)
                    .weightInit(uniform(fanIn)).build());
            fanIn = model.width();
        }
        list.layer(new OutputLayer.Builder(new NoiseMatchingLoss()).nIn(fanIn).nOut(dim)
                .activation(Activation.IDENTITY).weightInit(uniform(fanIn)).build());
        return list.build();
    }

    public static MultiLayerNetwork create(ModelConfig model, int dim, IUpdater updater, long seed) {
        return create(configuration(model, dim, updater, seed, DataType.FLOAT), seed);
    }

    /** A network for {@code conf} with parameters drawn from the seeded initialisation streams. */
    public static MultiLayerNetwork create(MultiLayerConfiguration conf, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int layer = 0; layer < net.getnLayers(); layer++) {
            INDArray w = net.getLayer(layer).getParam("W");
            INDArray b = net.getLayer(layer).getParam("b");
            double bound = 1 / Math.sqrt(w.size(0));
            UniformRandomProvider rng = RandomStreams.open(seed, RandomStreams.Domain.INIT, layer);
            fillUniform(w, bound, rng);
            fillUniform(b, bound, rng);
        }
        return net;
    }

    private static void fillUniform(INDArray param, double bound, UniformRandomProvider rng) {
        double[] values = new double[(int) param.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = bound * (2 * rng.nextDouble() - 1);
        }
        param.assign(Nd4j.create(values, param.shape(), param.ordering()).castTo(param.dataType()));
    }

    private static UniformDistribution uniform(int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        return new UniformDistribution(-bound, bound);
    }

    /**
     * The settings the layers of a network built by {@link #configuration} fix, as config values: model.width (the
     * hidden layers' size), model.depth (the layer count), model.activation and data.dim (the output's size).
     */
    public static java.util.Map<String, String> layerSettings(ModelConfig model, int dim) {
        return layerSettings(model.width(), model.depth(), Settings.MODEL_ACTIVATION.plain(model.activation()), dim);
    }

    /** The same settings read from {@code network}'s own layers: what it computes, whatever a config says. */
    public static java.util.Map<String, String> layerSettings(MultiLayerNetwork network) {
        var conf = network.getLayerWiseConfigurations();
        var first = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf.getConf(0).getLayer();
        var last = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf.getConf(conf.getConfs().size() - 1)
                .getLayer();
        Class<?> fn = first.getActivationFn().getClass();
        Object activation = java.util.Arrays.stream(ActivationKind.values())
                .filter(k -> activation(k).getActivationFunction().getClass().equals(fn))
                .map(Settings.MODEL_ACTIVATION::plain).findFirst().orElse(first.getActivationFn().toString());
        return layerSettings((int) first.getNOut(), conf.getConfs().size(), activation, (int) last.getNOut());
    }

    private static java.util.Map<String, String> layerSettings(int width, int depth, Object activation, int dim) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(Settings.MODEL_WIDTH.key(), String.valueOf(Settings.MODEL_WIDTH.plain(width)));
        m.put(Settings.MODEL_DEPTH.key(), String.valueOf(Settings.MODEL_DEPTH.plain(depth)));
        m.put(Settings.MODEL_ACTIVATION.key(), String.valueOf(activation));
        m.put(Settings.DATA_DIM.key(), String.valueOf(Settings.DATA_DIM.plain(dim)));
        return m;
    }

    static Activation activation(ActivationKind kind) {
        return switch (kind) {
            case RELU -> Activation.RELU;
            case TANH -> Activation.TANH;
            case SWISH -> Activation.SWISH;
            case ELU -> Activation.ELU;
            case GELU -> Activation.GELU;
            case SOFTPLUS -> Activation.SOFTPLUS;
        };
    }
}
