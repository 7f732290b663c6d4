package nanodiffusion.pipeline;

import nanodiffusion.config.DataConfig;
import nanodiffusion.config.DataSourceKind;
import nanodiffusion.config.RunConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;

/**
 * What the stages do with the configured data, decided in one place: a generated source (its sampler in every task,
 * its exact law for evaluation) or a stored table (its columns resolved from the table or the model folder; read,
 * split, standardised and cached on the executors for training; scored against its held-out rows). Stages ask the
 * route and never compare data.source themselves; a new stored source is one more implementation.
 */
public sealed interface DataRoute permits DataRoute.Generated, DataRoute.Table {
    /** The route of {@code data}'s source. */
    static DataRoute of(DataConfig data) {
        return data.source() == DataSourceKind.TABLE ? new Table() : new Generated();
    }

    /**
     * A context in the same session whose config names the data's columns (and so data.dim): {@code ctx} itself
     * when the config already does.
     *
     * @param readsTrainedModel whether the command reads the model folder's columns (sample, evaluate) rather than
     *                          the table's (train)
     */
    RunContext resolve(RunContext ctx, boolean readsTrainedModel);

    /** What training on {@code workers} workers draws from; {@code frame} is a table given as a DataFrame. */
    TrainingData training(SparkSession spark, RunConfig config, Optional<Dataset<Row>> frame, int workers);

    /** evaluate's metrics of the run's samples (and with {@code likelihood}, the model's log-likelihood). */
    EvaluateStage.Evaluation evaluate(RunContext ctx, boolean likelihood);

    /** Why a sweep cannot train on this data, if it cannot. */
    Optional<String> sweepRefusal();

    /** A generator of the 2D ring or another named density, in any dimension it takes. */
    record Generated() implements DataRoute {
        @Override
        public RunContext resolve(RunContext ctx, boolean readsTrainedModel) {
            return ctx;
        }

        @Override
        public TrainingData training(SparkSession spark, RunConfig config, Optional<Dataset<Row>> frame,
                                     int workers) {
            return TrainingData.generated(spark, config, workers);
        }

        @Override
        public EvaluateStage.Evaluation evaluate(RunContext ctx, boolean likelihood) {
            return EvaluateStage.againstTheExactLaw(ctx, likelihood);
        }

        @Override
        public Optional<String> sweepRefusal() {
            return Optional.empty();
        }
    }

    /** A stored table (data.path, or a DataFrame given to the Spark ML estimator). */
    record Table() implements DataRoute {
        @Override
        public RunContext resolve(RunContext ctx, boolean readsTrainedModel) {
            return TableResolution.resolve(ctx, readsTrainedModel);
        }

        @Override
        public TrainingData training(SparkSession spark, RunConfig config, Optional<Dataset<Row>> frame,
                                     int workers) {
            return TrainingData.table(spark, config, frame, workers);
        }

        @Override
        public EvaluateStage.Evaluation evaluate(RunContext ctx, boolean likelihood) {
            return TableEvaluation.run(ctx, likelihood);
        }

        @Override
        public Optional<String> sweepRefusal() {
            return Optional.of("data.source = table: sweeps train on generated sources only for now; train a table "
                    + "with run or train");
        }
    }
}
