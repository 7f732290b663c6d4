package nanodiffusion.train;

import nanodiffusion.model.MlpTrainingStep;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.dataset.api.DataSet;

import java.util.Collection;

/**
 * DL4J's parameter-averaging worker, fitting each minibatch with {@link MlpTrainingStep} (the same update as
 * {@code network.fit}, without DL4J's per-layer overhead) when the network is one the step computes; otherwise,
 * and with training hooks, exactly DL4J's worker. Runs on the executors.
 */
final class MlpStepTrainingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;

    private final boolean hooked;
    private transient MultiLayerNetwork stepNetwork;
    private transient MlpTrainingStep step;

    MlpStepTrainingWorker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater, WorkerConfiguration configuration,
                          Collection<TrainingHook> hooks, Collection<TrainingListener> listeners,
                          StatsStorageRouterProvider router) {
        super(broadcast, saveUpdater, configuration, hooks, listeners, router);
        this.hooked = (hooks != null && !hooks.isEmpty()) || (listeners != null && !listeners.isEmpty())
                || configuration.isCollectTrainingStats();
    }

    @Override
    public ParameterAveragingTrainingResult processMinibatch(DataSet dataSet, MultiLayerNetwork network, boolean isLast) {
        if (hooked) {
            return super.processMinibatch(dataSet, network, isLast);
        }
        if (network != stepNetwork) { // a new round's network: a step of its own
            stepNetwork = network;
            step = MlpTrainingStep.forNetwork(network);
        }
        if (step == null) {
            network.fit(dataSet);
        } else {
            step.fit(dataSet);
        }
        return isLast ? getFinalResult(network) : null;
    }
}
