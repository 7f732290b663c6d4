package nanodiffusion.model;

import nanodiffusion.sde.ScoreDivergence;
import nanodiffusion.sde.ScoreParametrisation;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's score and the exact trace of its Jacobian in x: two backward passes with {@link LinearProbeLoss}
 * (probing s_x, then s_y) give d s_x / d(x, y, t) and d s_y / d(x, y, t) per row; the trace is d s_x/dx + d s_y/dy.
 */
public final class NetworkDivergence implements ScoreDivergence {
    private final MultiLayerNetwork probe;
    private final ScoreParametrisation form;

    public NetworkDivergence(MultiLayerNetwork network, ScoreParametrisation form) {
        this.form = form;
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        int last = conf.getConfs().size() - 1;
        ((BaseOutputLayer) conf.getConf(last).getLayer()).setLossFn(new LinearProbeLoss());
        probe = new MultiLayerNetwork(conf);
        probe.init(network.params().dup(), false);
    }

    @Override
    public void evaluate(double[] xy, int n, double t, double[] score, double[] divergence) {
        double time = form.scoreInput(t);
        double scale = form.scoreScale(t); // s = scale * output, so ds/dx = scale * d output/dx
        double[][] rows = new double[n][3];
        for (int i = 0; i < n; i++) {
            rows[i][0] = xy[2 * i];
            rows[i][1] = xy[2 * i + 1];
            rows[i][2] = time;
        }
        INDArray input = Nd4j.create(rows).castTo(probe.params().dataType());
        INDArray s = probe.output(input, false);
        INDArray dsx = inputGradient(input, 0);
        INDArray dsy = inputGradient(input, 1);
        for (int i = 0; i < n; i++) {
            score[2 * i] = scale * s.getDouble(i, 0);
            score[2 * i + 1] = scale * s.getDouble(i, 1);
            divergence[i] = scale * (dsx.getDouble(i, 0) + dsy.getDouble(i, 1));
        }
    }

    private INDArray inputGradient(INDArray input, int component) {
        INDArray labels = Nd4j.zeros(input.dataType(), input.size(0), 2);
        labels.getColumn(component).assign(1);
        return probe.calculateGradients(input, labels, null, null).getSecond();
    }
}
