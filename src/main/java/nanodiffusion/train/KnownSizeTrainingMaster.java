package nanodiffusion.train;

import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/**
 * DL4J's parameter averaging, told the size of each round's RDD instead of counting it: the trainer builds the RDD
 * (one partition per worker, one DataSet per step) so it knows the count, and DL4J's count() would otherwise cost a
 * whole extra Spark job per averaging round. Its workers fit with {@link MlpStepTrainingWorker}.
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

    /** DL4J's worker set-up (ParameterAveragingTrainingMaster.getWorkerInstance), with the step-fitting worker. */
    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
        NetBroadcastTuple tuple = new NetBroadcastTuple(network.getNetwork().getLayerWiseConfigurations(),
                network.getNetwork().params(), network.getNetwork().getUpdater().getStateViewArray());
        Broadcast<NetBroadcastTuple> broadcast = network.getSparkContext().broadcast(tuple);
        WorkerConfiguration configuration = new WorkerConfiguration(false, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new MlpStepTrainingWorker(broadcast, saveUpdater, configuration, trainingHookList, listeners,
                getRouterProvider());
    }
}
