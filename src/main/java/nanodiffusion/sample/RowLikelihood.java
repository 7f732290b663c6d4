package nanodiffusion.sample;

import nanodiffusion.config.EvalConfig;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.Standardization;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.NetworkDivergence;
import nanodiffusion.sde.LogLikelihood;
import nanodiffusion.sde.ScoreParametrisation;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs on an executor over one partition of a DataFrame: the log-density of each row's point under the model (the
 * probability-flow ODE of {@link LogLikelihood}, {@link SparkLikelihood#BLOCK} rows per adaptive solve, in the
 * table's units: log p_x(x) = log p_z(z) - sum_c log std_c), appended to the row in place of its point column. A
 * row whose point has a null, NaN or infinite coordinate gets null (its density is undefined; such a point never
 * reaches the ODE, so it cannot keep a task running). The probe vectors of block b of partition p come from the stream
 * (seed, LIKELIHOOD_PROBES, p * 2^32 + b), so a row's value depends on its partition's rows, not on other tasks.
 */
final class RowLikelihood implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> network;
    private final long seed;
    private final ScoreParametrisation form;
    private final EvalConfig eval;
    private final int dim;
    private final Standardization standardization; // null: the model's own coordinates
    private final int pointColumn;

    RowLikelihood(Broadcast<byte[]> network, long seed, ScoreParametrisation form, EvalConfig eval, int dim,
                  Standardization standardization, int pointColumn) {
        this.network = network;
        this.seed = seed;
        this.form = form;
        this.eval = eval;
        this.dim = dim;
        this.standardization = standardization;
        this.pointColumn = pointColumn;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        MultiLayerNetwork trained = ModelStore.fromBytes(network.value());
        LogLikelihood likelihood = new LogLikelihood(form.sde(), eval.nllTolerance());
        long partition = TaskContext.getPartitionId();
        long[] block = {0};
        TaskContext task = TaskContext.get();
        return BlockByBlock.of(rows::hasNext, () -> {
            if (task != null) {
                task.killTaskIfInterrupted(); // a cancelled job stops between blocks, each a bounded solve
            }
            List<Row> batch = new ArrayList<>(SparkLikelihood.BLOCK);
            while (rows.hasNext() && batch.size() < SparkLikelihood.BLOCK) {
                batch.add(rows.next());
            }
            return score(batch, (partition << 32) + block[0]++, trained, likelihood);
        });
    }

    /** Whether every coordinate of a point is present and finite. */
    private static boolean finite(List<Object> point) {
        if (point == null) {
            return false;
        }
        for (Object c : point) {
            if (!(c instanceof Number v) || !Double.isFinite(v.doubleValue())) {
                return false;
            }
        }
        return true;
    }

    private Iterator<Row> score(List<Row> batch, long block, MultiLayerNetwork trained, LogLikelihood likelihood) {
        double[] z = new double[batch.size() * dim];
        boolean[] missing = new boolean[batch.size()];
        int n = 0;
        for (int i = 0; i < batch.size(); i++) {
            List<Object> point = batch.get(i).getList(pointColumn);
            missing[i] = !finite(point);
            if (!missing[i]) {
                for (int c = 0; c < dim; c++) {
                    z[dim * n + c] = ((Number) point.get(c)).doubleValue();
                }
                n++;
            }
        }
        double[] logp = new double[n];
        if (n > 0) {
            double[] points = java.util.Arrays.copyOf(z, n * dim);
            if (standardization != null) {
                standardization.standardize(points);
            }
            NetworkDivergence model = new NetworkDivergence(trained, form, eval.traceFor(dim), eval.nllProbes(),
                    RandomStreams.open(seed, RandomStreams.Domain.LIKELIHOOD_PROBES, block));
            likelihood.logDensity(points, n, model, logp);
        }
        double jacobian = standardization == null ? 0 : standardization.logJacobian();
        List<Row> out = new ArrayList<>(batch.size());
        int k = 0;
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            Object[] values = new Object[row.length()];
            for (int c = 0, j = 0; c < row.length(); c++) {
                if (c != pointColumn) {
                    values[j++] = row.get(c);
                }
            }
            values[row.length() - 1] = missing[i] ? null : logp[k++] - jacobian;
            out.add(RowFactory.create(values));
        }
        return out.iterator();
    }
}
