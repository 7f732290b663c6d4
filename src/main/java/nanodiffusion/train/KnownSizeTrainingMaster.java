package nanodiffusion.train;

import org.apache.spark.api.java.JavaRDDLike;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * DL4J's parameter averaging, told the size of each round's RDD instead of counting it: the trainer builds the RDD
 * (one partition per worker, one DataSet per step) so it knows the count, and DL4J's count() would otherwise cost a
 * whole extra Spark job per averaging round.
 */
final class KnownSizeTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final long serialVersionUID = 1L;

    private long nextRoundObjects;

    KnownSizeTrainingMaster(Builder builder) {
        super(builder);
    }

    /** The number of DataSet objects in the RDD passed to the next fit. */
    void expectObjects(long count) {
        this.nextRoundObjects = count;
    }

    @Override
    protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> trainingData) {
        return nextRoundObjects;
    }
}
