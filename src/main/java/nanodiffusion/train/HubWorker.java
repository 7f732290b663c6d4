package nanodiffusion.train;

import nanodiffusion.model.TrainingStep;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcTimeout;
import org.apache.spark.util.RpcUtils;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.collection.Iterator;
import scala.collection.Iterator$;
import scala.concurrent.Await;
import scala.concurrent.Future;
import scala.concurrent.duration.Duration;
import scala.concurrent.duration.FiniteDuration;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One training worker of a barrier stage: it asks the driver's {@link AveragingHub} where to start, then trains
 * round after round on its own {@link WorkerShard} - averagingFrequency steps, then its parameters and Adam state to
 * the hub and the average back - until train.steps or the hub says stop. The network, its training step and its
 * buffers live for the whole stage, so a round costs one exchange with the driver instead of a Spark job.
 */
final class HubWorker extends AbstractFunction1<Iterator<WorkerShard>, Iterator<HubWorker.Report>>
        implements Serializable {
    private static final long serialVersionUID = 1L;
    /** How often a worker waiting for the hub checks whether Spark has killed its task. */
    private static final long POLL_MILLIS = 500;
    /** Spark's RPC asks need a timeout; a round is bounded by the driver's stall checks, not by this. */
    private static final FiniteDuration ASK_TIMEOUT = Duration.create(7, TimeUnit.DAYS);

    /** What one worker did: rounds, and seconds spent training and waiting for the average. */
    record Report(int worker, int rounds, double trainSeconds, double waitSeconds) implements Serializable {
    }

    private final String hub;
    private final int attempt;
    private final long endStep;
    private final int averagingFrequency;

    /** @param attempt the driver's attempt number of the training job (Spark does not retry a barrier result stage) */
    HubWorker(String hub, int attempt, long endStep, int averagingFrequency) {
        this.hub = hub;
        this.attempt = attempt;
        this.endStep = endStep;
        this.averagingFrequency = averagingFrequency;
    }

    @Override
    public Iterator<Report> apply(Iterator<WorkerShard> partition) {
        // TaskContext, not BarrierTaskContext.get(): the latter starts Spark's JVM-wide barrier() timer, a non-daemon
        // thread that keeps a local-mode driver (spark-shell, a notebook's JVM) from exiting after training
        TaskContext context = TaskContext.get();
        WorkerShard shard = partition.next();
        RpcEndpointRef ref = RpcUtils.makeDriverRef(hub, SparkEnv.get().conf(), SparkEnv.get().rpcEnv());
        HubMessages.Message reply = ask(ref, new HubMessages.Join(attempt, shard.worker()), context);
        if (reply instanceof HubMessages.Abandoned) {
            return Iterator$.MODULE$.single(new Report(shard.worker(), 0, 0, 0));
        }
        HubMessages.Start start = (HubMessages.Start) reply;
        MultiLayerNetwork network = network(start);
        TrainingStep step = TrainingStep.forLoss(network, shard.noise().projections());
        long s = start.step();
        int rounds = 0;
        long trainNanos = 0;
        long waitNanos = 0;
        while (s < endStep) {
            long t0 = System.nanoTime();
            int steps = (int) Math.min(averagingFrequency, endStep - s);
            for (long i = s; i < s + steps; i++) {
                DataSet batch = shard.batch(i);
                step.fit(batch);
            }
            s += steps;
            long t1 = System.nanoTime();
            reply = ask(ref, new HubMessages.Contribution(attempt, shard.worker(), s, network.params().toFloatVector(),
                    updaterState(network), network.score()), context);
            trainNanos += t1 - t0;
            waitNanos += System.nanoTime() - t1;
            rounds++;
            if (!(reply instanceof HubMessages.Average average) || average.stop()) {
                break;
            }
            load(network.params(), average.params());
            loadUpdaterState(network, average.updater());
        }
        return Iterator$.MODULE$.single(new Report(shard.worker(), rounds, trainNanos / 1e9, waitNanos / 1e9));
    }

    /** The network as the driver holds it: its own configuration copy, parameters and Adam state. */
    private static MultiLayerNetwork network(HubMessages.Start start) {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf =
                org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(start.confJson());
        conf.setIterationCount(start.iteration());
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init(row(start.params()), false);
        if (start.updater().length > 0) {
            network.setUpdater(new MultiLayerUpdater(network, row(start.updater())));
        }
        return network;
    }

    /** The network's flattened updater state (Adam's moments); empty for an updater without state (SGD). */
    static float[] updaterState(MultiLayerNetwork network) {
        INDArray state = network.getUpdater().getStateViewArray();
        return state == null ? new float[0] : state.toFloatVector();
    }

    /** Sets the network's updater state in place; nothing for an updater without state. */
    static void loadUpdaterState(MultiLayerNetwork network, float[] values) {
        if (values.length > 0) {
            load(network.getUpdater().getStateViewArray(), values);
        }
    }

    /** Copies {@code values} into the flat array {@code target} in place (views onto it stay valid). */
    static void load(INDArray target, float[] values) {
        if (target.offset() == 0 && target.data().length() == values.length) {
            target.data().asNioFloat().put(values);
        } else {
            target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
        }
    }

    private static INDArray row(float[] values) {
        return Nd4j.create(values.clone(), new long[] {1, values.length}, 'c');
    }

    /**
     * Asks the hub and waits for its answer, checking every {@link #POLL_MILLIS} whether Spark killed this task (a
     * failed barrier stage kills its other tasks without interrupting them).
     */
    private static HubMessages.Message ask(RpcEndpointRef ref, HubMessages.Message message, TaskContext context) {
        Future<byte[]> answer = ref.ask(message.toBytes(), new RpcTimeout(ASK_TIMEOUT, "the averaging hub's answer"),
                ClassTag$.MODULE$.apply(byte[].class));
        while (true) {
            try {
                return HubMessages.from(Await.result(answer, Duration.create(POLL_MILLIS, TimeUnit.MILLISECONDS)));
            } catch (TimeoutException e) {
                context.killTaskIfInterrupted();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the averaging hub", e);
            } catch (Exception e) {
                throw new IllegalStateException("the averaging hub did not answer: " + e.getMessage(), e);
            }
        }
    }
}
