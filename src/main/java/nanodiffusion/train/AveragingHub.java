package nanodiffusion.train;

import org.apache.spark.rpc.IsolatedRpcEndpoint;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEnv;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.PartialFunction;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The driver's side of parameter averaging inside one barrier job: an RPC endpoint (on Spark's own RPC, so it is
 * authenticated and encrypted whenever the application is) that collects every worker's parameters and Adam state at
 * the end of a round, averages them in worker order,
 * <pre>  theta = (theta_0 + ... + theta_{n-1}) / n,   m and v likewise,  loss = mean of the workers' last losses</pre>
 * replies the average to every worker at once, and queues the round for the driver's training loop. Rounds are
 * named by the global step they end on. It keeps the newest average, so the tasks of a retried stage attempt start
 * from it: a lost executor costs the unfinished round, not the run. Runs on its own thread, one message at a time.
 */
final class AveragingHub implements IsolatedRpcEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(AveragingHub.class);

    /** A finished round as the driver's loop takes it. */
    record Round(long step, float[] params, float[] updater, double loss, long finishedNanos) {
    }

    private final RpcEnv rpcEnv;
    private final int workers;
    private final String confJson;
    private final int startIteration;
    private final long startStep;
    /**
     * Finished rounds the driver's loop has not taken yet. Each holds a copy of the parameters and Adam state, so
     * past {@link #MAX_QUEUED} (the driver is writing a checkpoint, say) the hub holds back its replies until the
     * loop catches up: the workers wait instead of the driver's heap filling up.
     */
    private final BlockingQueue<Round> finished = new LinkedBlockingQueue<>();
    private static final int MAX_QUEUED = 2;
    private byte[] heldReply;

    // the hub thread's own state
    private int attempt = -1;
    private long step;
    private float[] params;
    private float[] updater;
    private final Contribution[] pending;
    private final List<Waiting> waiting = new ArrayList<>();
    private volatile long stopAfter = Long.MAX_VALUE;
    private volatile long lastContribution = System.nanoTime();

    private record Waiting(int worker, RpcCallContext context) {
    }

    private record Contribution(float[] params, float[] updater, double loss) {
    }

    /**
     * @param conf    the network's configuration, its iteration count at {@code startStep}
     * @param params  its flattened parameters, copied
     * @param updater its flattened Adam state, copied
     */
    AveragingHub(RpcEnv rpcEnv, int workers, MultiLayerConfiguration conf, float[] params, float[] updater,
                 long startStep) {
        this.rpcEnv = rpcEnv;
        this.workers = workers;
        this.confJson = conf.toJson();
        this.startIteration = conf.getIterationCount();
        this.startStep = startStep;
        this.step = startStep;
        this.params = params.clone();
        this.updater = updater.clone();
        this.pending = new Contribution[workers];
    }

    @Override
    public RpcEnv rpcEnv() {
        return rpcEnv;
    }

    @Override
    public int threadCount() {
        return 1;
    }

    /** The next finished round, waiting at most {@code millis}; null if none finished in that time. */
    Round poll(long millis) throws InterruptedException {
        Round r = finished.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (r != null) {
            self().send(HubMessages.Released.BYTES); // on the hub's thread: replies held back may go now
        }
        return r;
    }

    /** Rounds after the one ending on {@code step} are not wanted: workers are told to stop when they reach one. */
    void stopAfter(long step) {
        stopAfter = step;
    }

    /** Workers that have not yet sent their part of the round in progress (for the driver's stall report). */
    synchronized List<Integer> missingWorkers() {
        List<Integer> missing = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            if (pending[w] == null) {
                missing.add(w);
            }
        }
        return missing;
    }

    long nanosSinceLastContribution() {
        return System.nanoTime() - lastContribution;
    }

    @Override
    public PartialFunction<Object, BoxedUnit> receive() {
        return new AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(Object message) {
                return message instanceof byte[] bytes && HubMessages.from(bytes) instanceof HubMessages.Released;
            }

            @Override
            public BoxedUnit apply(Object message) {
                release();
                return BoxedUnit.UNIT;
            }
        };
    }

    @Override
    public PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
        return new AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(Object message) {
                return message instanceof byte[];
            }

            @Override
            public BoxedUnit apply(Object message) {
                HubMessages.Message m = HubMessages.from((byte[]) message);
                if (m instanceof HubMessages.Join join) {
                    join(join, context);
                } else if (m instanceof HubMessages.Contribution c) {
                    contribute(c, context);
                } else {
                    context.sendFailure(new IllegalArgumentException("the averaging hub takes no " + m.getClass()));
                }
                return BoxedUnit.UNIT;
            }
        };
    }

    private synchronized void join(HubMessages.Join join, RpcCallContext context) {
        if (join.attempt() < attempt) {
            context.reply(reply(new HubMessages.Abandoned("stage attempt " + join.attempt() + " was replaced")));
            return;
        }
        if (join.attempt() > attempt) {
            heldReply = null;
            if (attempt >= 0) {
                LOG.warn("training stage attempt {} replaces attempt {}: the workers resume at step {}", join.attempt(),
                        attempt, step);
            }
            attempt = join.attempt();
            Arrays.fill(pending, null);
            abandonWaiting("stage attempt " + attempt + " replaced it");
        }
        int iteration = startIteration + (int) (step - startStep);
        context.reply(reply(new HubMessages.Start(confJson, params, updater, iteration, step)));
    }

    private synchronized void contribute(HubMessages.Contribution c, RpcCallContext context) {
        if (c.attempt() != attempt) {
            context.reply(reply(new HubMessages.Abandoned("stage attempt " + c.attempt() + " was replaced")));
            return;
        }
        lastContribution = System.nanoTime();
        pending[c.worker()] = new Contribution(c.params(), c.updater(), c.loss());
        waiting.add(new Waiting(c.worker(), context));
        for (Contribution p : pending) {
            if (p == null) {
                return;
            }
        }
        finishRound(c.step());
    }

    private void finishRound(long roundStep) {
        float[] p = average(c -> c.params);
        float[] u = average(c -> c.updater);
        double loss = 0;
        for (Contribution c : pending) {
            loss += c.loss;
        }
        loss /= workers;
        step = roundStep;
        params = p;
        updater = u;
        Arrays.fill(pending, null);
        boolean stop = roundStep > stopAfter;
        if (!stop) {
            finished.add(new Round(roundStep, p, u, loss, System.nanoTime()));
        }
        heldReply = reply(new HubMessages.Average(roundStep, p, u, stop || roundStep >= stopAfter));
        release();
    }

    /** Sends the newest round's average to its waiting workers, unless the driver's loop is too far behind. */
    private void release() {
        if (heldReply == null || finished.size() > MAX_QUEUED) {
            return;
        }
        for (Waiting w : waiting) {
            w.context().reply(heldReply);
        }
        waiting.clear();
        heldReply = null;
    }

    private static byte[] reply(HubMessages.Message m) {
        return m.toBytes();
    }

    /** sum_w x_w / n in worker order: the same float result on every run, however the contributions arrived. */
    private float[] average(java.util.function.Function<Contribution, float[]> part) {
        float[] sum = part.apply(pending[0]).clone();
        for (int w = 1; w < workers; w++) {
            float[] x = part.apply(pending[w]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += x[i];
            }
        }
        float n = workers;
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= n;
        }
        return sum;
    }

    private void abandonWaiting(String reason) {
        for (Waiting w : waiting) {
            w.context().reply(reply(new HubMessages.Abandoned(reason)));
        }
        waiting.clear();
    }

    @Override
    public synchronized void onStop() {
        abandonWaiting("training ended");
    }
}
