package nanodiffusion.model;

import nanodiffusion.config.ActivationKind;
import nanodiffusion.config.ModelConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The score MLP on (x, y, t): Linear(3, w), act, (depth - 2) x [Linear(w, w), act], Linear(w, 2). Weights start
 * uniform in +-1/sqrt(fan_in), as PyTorch's nn.Linear does, so the recipe starts where the reference starts.
 */
public final class ScoreNetworkFactory {
    public static final int INPUTS = 3;
    public static final int OUTPUTS = 2;

    private ScoreNetworkFactory() {
    }

    public static MultiLayerConfiguration configuration(ModelConfig model, IUpdater updater, long seed, DataType dtype) {
        Activation act = activation(model.activation());
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dtype)
                .updater(updater)
                .list();
        int fanIn = INPUTS;
        for (int layer = 0; layer < model.depth() - 1; layer++) {
            list.layer(new DenseLayer.Builder().nIn(fanIn).nOut(model.width()).activation(act)
                    .weightInit(uniform(fanIn)).build());
            fanIn = model.width();
        }
        list.layer(new OutputLayer.Builder(new NoiseMatchingLoss()).nIn(fanIn).nOut(OUTPUTS)
                .activation(Activation.IDENTITY).weightInit(uniform(fanIn)).build());
        return list.build();
    }

    public static MultiLayerNetwork create(ModelConfig model, IUpdater updater, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(model, updater, seed, DataType.FLOAT));
        net.init();
        return net;
    }

    private static UniformDistribution uniform(int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        return new UniformDistribution(-bound, bound);
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
