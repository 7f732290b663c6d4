package nanodiffusion.ml;

import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.Arrays;

/**
 * Held-out likelihood as a Spark ML evaluator, for {@code TrainValidationSplit} and {@code CrossValidator}: the
 * mean negative log-likelihood of the rows a {@link DiffusionModel} transformed ({@code metricName} nll, nats per
 * row, or nll_per_dim, nats per coordinate). Smaller is better ({@link #isLargerBetter()} is false). Rows whose
 * log-likelihood is null (a null coordinate) are left out; a DataFrame with none left is an error.
 */
public final class DiffusionEvaluator extends Evaluator implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final String[] METRICS = {"nll", "nll_per_dim"};

    private final String uid;
    private final Param<String> metricName;
    private final Param<String> logLikelihoodCol;

    public DiffusionEvaluator() {
        this(Identifiable.randomUID("diffusionEval"));
    }

    public DiffusionEvaluator(String uid) {
        this.uid = uid;
        metricName = new Param<>(uid, "metricName", "nll (mean negative log-likelihood, nats per row) or nll_per_dim "
                + "(nats per coordinate); smaller is better", ParamValidators.inArray(METRICS));
        logLikelihoodCol = new Param<>(uid, "logLikelihoodCol", "the column DiffusionModel.transform wrote");
        setDefault(metricName, "nll");
        setDefault(logLikelihoodCol, "log_likelihood");
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<?>[] params() {
        return new Param<?>[] {metricName, logLikelihoodCol};
    }

    public DiffusionEvaluator setMetricName(String value) {
        set(metricName, value);
        return this;
    }

    public DiffusionEvaluator setLogLikelihoodCol(String value) {
        set(logLikelihoodCol, value);
        return this;
    }

    @Override
    public double evaluate(Dataset<?> dataset) {
        String col = getOrDefault(logLikelihoodCol);
        if (!Arrays.asList(dataset.schema().fieldNames()).contains(col)) {
            throw new IllegalArgumentException("logLikelihoodCol: no column " + col + " in the DataFrame (evaluate what "
                    + "DiffusionModel.transform returns)");
        }
        Row r = dataset.agg(functions.avg(functions.col(InputColumns.quoted(col))), functions.count(
                functions.col(InputColumns.quoted(col)))).first();
        if (r.getLong(1) == 0) {
            throw new IllegalArgumentException("logLikelihoodCol: " + col + " is null on every row; nothing to evaluate");
        }
        double nll = -r.getDouble(0);
        if (getOrDefault(metricName).equals("nll")) {
            return nll;
        }
        int dim = dimension(dataset);
        return nll / dim;
    }

    /** The point dimension the log-likelihood column was computed for, from its metadata (written by transform). */
    private int dimension(Dataset<?> dataset) {
        String col = getOrDefault(logLikelihoodCol);
        org.apache.spark.sql.types.Metadata m = dataset.schema().apply(col).metadata();
        if (!m.contains("dim")) {
            throw new IllegalArgumentException("metricName = nll_per_dim: the column " + col + " does not record its "
                    + "dimension (write it with DiffusionModel.transform)");
        }
        return (int) m.getLong("dim");
    }

    @Override
    public boolean isLargerBetter() {
        return false;
    }

    @Override
    public DiffusionEvaluator copy(ParamMap extra) {
        return (DiffusionEvaluator) defaultCopy(extra);
    }

    public static MLReader<DiffusionEvaluator> read() {
        return new DefaultParamsReader<>();
    }

    public static DiffusionEvaluator load(String path) {
        return read().load(path);
    }
}
