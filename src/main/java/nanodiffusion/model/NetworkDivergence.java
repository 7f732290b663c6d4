package nanodiffusion.model;

import nanodiffusion.config.TraceKind;
import nanodiffusion.sde.ScoreDivergence;
import nanodiffusion.sde.ScoreParametrisation;
import org.apache.commons.rng.UniformRandomProvider;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's score in R^d and the divergence tr(ds/dx) per point, from backward passes with
 * {@link LinearProbeLoss}: labels v give the input gradient J^T v of v . s per row. Exactly, with v = e_c for each
 * coordinate c (d passes; the trace is the sum of d s_c / d x_c); or by Hutchinson's estimator, the mean over K
 * Rademacher vectors v of v^T J v (K passes, unbiased, variance falling as 1/K). The probe vectors are drawn once,
 * for the first batch of rows evaluated, and kept: one instance serves one ODE solve, so the integrand stays smooth.
 */
public final class NetworkDivergence implements ScoreDivergence {
    private final MultiLayerNetwork probe;
    private final ScoreParametrisation form;
    private final int dim;
    private final TraceKind trace;
    private final int probes;
    private final UniformRandomProvider rng;
    private INDArray[] probeLabels;

    /** The exact trace. */
    public NetworkDivergence(MultiLayerNetwork network, ScoreParametrisation form) {
        this(network, form, TraceKind.EXACT, 0, null);
    }

    /**
     * @param trace EXACT or HUTCHINSON
     * @param probes Rademacher vectors per point (HUTCHINSON)
     * @param rng the stream the probe vectors are drawn from (HUTCHINSON)
     */
    public NetworkDivergence(MultiLayerNetwork network, ScoreParametrisation form, TraceKind trace, int probes,
                             UniformRandomProvider rng) {
        if (trace == TraceKind.AUTO) {
            throw new IllegalArgumentException("resolve auto to exact or hutchinson first (EvalConfig.traceFor)");
        }
        this.form = form;
        this.trace = trace;
        this.probes = probes;
        this.rng = rng;
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        int last = conf.getConfs().size() - 1;
        ((BaseOutputLayer) conf.getConf(last).getLayer()).setLossFn(new LinearProbeLoss());
        probe = new MultiLayerNetwork(conf);
        probe.init(network.params().dup(), false);
        dim = (int) probe.getLayer(last).getParam("b").length();
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void evaluate(double[] x, int n, double t, double[] score, double[] divergence) {
        double time = form.scoreInput(t);
        double scale = form.scoreScale(t); // s = scale * output(c x), so ds/dx = scale * c * d output/d input
        double inputScale = form.inputScale(t);
        double[][] rows = new double[n][dim + 1];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                rows[i][c] = inputScale * x[dim * i + c];
            }
            rows[i][dim] = time;
        }
        INDArray input = Nd4j.create(rows).castTo(probe.params().dataType());
        INDArray s = probe.output(input, false);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                score[dim * i + c] = scale * s.getDouble(i, c);
            }
        }
        double[] trace = this.trace == TraceKind.EXACT ? exactTrace(input, n) : hutchinsonTrace(input, n);
        for (int i = 0; i < n; i++) {
            divergence[i] = scale * inputScale * trace[i];
        }
    }

    /** sum_c d output_c / d x_c per row: one backward pass per coordinate. */
    private double[] exactTrace(INDArray input, int n) {
        double[] trace = new double[n];
        for (int c = 0; c < dim; c++) {
            INDArray labels = Nd4j.zeros(input.dataType(), n, dim);
            labels.getColumn(c).assign(1);
            INDArray g = inputGradient(input, labels);
            for (int i = 0; i < n; i++) {
                trace[i] += g.getDouble(i, c);
            }
        }
        return trace;
    }

    /** (1/K) sum_k v_k . (J^T v_k) per row, with the K probe matrices fixed at the first call. */
    private double[] hutchinsonTrace(INDArray input, int n) {
        if (probeLabels == null || probeLabels[0].size(0) < n) {
            probeLabels = new INDArray[probes];
            for (int k = 0; k < probes; k++) {
                double[][] v = new double[n][dim];
                for (double[] row : v) {
                    for (int c = 0; c < dim; c++) {
                        row[c] = rng.nextBoolean() ? 1 : -1;
                    }
                }
                probeLabels[k] = Nd4j.create(v).castTo(input.dataType());
            }
        }
        double[] trace = new double[n];
        for (INDArray v : probeLabels) {
            INDArray labels = v.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray g = inputGradient(input, labels);
            for (int i = 0; i < n; i++) {
                double dot = 0;
                for (int c = 0; c < dim; c++) {
                    dot += labels.getDouble(i, c) * g.getDouble(i, c);
                }
                trace[i] += dot / probes;
            }
        }
        return trace;
    }

    private INDArray inputGradient(INDArray input, INDArray labels) {
        return probe.calculateGradients(input, labels, null, null).getSecond();
    }
}
