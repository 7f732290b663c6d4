package nanodiffusion.train;

import nanodiffusion.config.StallConfig;
import nanodiffusion.config.TrainConfig;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.stall.StallWatch;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcEnv;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import nanodiffusion.io.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.reflect.ClassTag$;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.DoubleSupplier;

/**
 * Parameter averaging as one Spark barrier job: every worker trains its shard for the whole run and averages with
 * the others through the driver's {@link AveragingHub} every averagingFrequency steps; the driver's loop takes the
 * rounds as they finish and does what it does after every round of DL4J's parameter averaging (the network takes
 * the average, the EMA, the loss history, checkpoints, progress, the stop rule). The mathematics is DL4J's parameter
 * averaging (parameters and Adam state averaged, the loss the workers' mean); what goes is a Spark job per round.
 */
final class HubTraining {
    private static final Logger LOG = LoggerFactory.getLogger(HubTraining.class);
    private static final long POLL_MILLIS = 1000;
    /** How long training waits for the executors to offer a task slot per worker. */

    private final JavaSparkContext sc;
    private final TrainConfig config;
    private final StallConfig stall;
    private final int workers;
    private RoundWaits waits;

    HubTraining(JavaSparkContext sc, TrainConfig config, StallConfig stall, int workers) {
        this.sc = sc;
        this.config = config;
        this.stall = stall;
        this.workers = workers;
    }

    /** Trains {@code network} in place from {@code startStep}; returns the step reached. */
    long train(MultiLayerNetwork network, long startStep, Optional<ExponentialAverage> ema, LossHistory history,
               TrainingRounds.RoundListener listener, StopRule stop, RoundData data, DoubleSupplier elapsed) {
        RpcEnv env = SparkEnv.get().rpcEnv();
        AveragingHub hub = new AveragingHub(env, workers, network.getLayerWiseConfigurations(),
                network.params().toFloatVector(), HubWorker.updaterState(network), startStep);
        String name = "nano-diffusion-averaging-" + UUID.randomUUID();
        RpcEndpointRef ref = env.setupEndpoint(name, hub);
        sc.setJobGroup("train", String.format("train steps %d-%d: %d workers averaging every %d steps", startStep,
                config.steps(), workers, config.averagingFrequency()), true);
        Attempts attempts = new Attempts(data.shards(), name, hub);
        try {
            TrainingRounds.Round round = (first, steps) -> {
                AveragingHub.Round r = attempts.next(first + steps);
                HubWorker.load(network.params(), r.params());
                HubWorker.loadUpdaterState(network, r.updater());
                network.getLayerWiseConfigurations().setIterationCount(
                        network.getLayerWiseConfigurations().getIterationCount() + steps);
                ema.ifPresent(e -> e.update(network.params(), first, steps));
                return r.loss();
            };
            long reached = TrainingRounds.run(config, startStep, round, history, elapsed, listener, stop);
            hub.stopAfter(reached);
            List<HubWorker.Report> reports = attempts.finish();
            report(reports);
            waits = RoundWaits.of(reports);
            return reached;
        } catch (RuntimeException | Error e) {
            hub.stopAfter(-1);
            sc.cancelJobGroup("train");
            throw e;
        } finally {
            env.stop(ref);
            sc.clearJobGroup();
        }
    }

    /**
     * The barrier jobs of one training run. Spark does not retry a failed barrier result stage, so a job that fails
     * (a lost executor, a failed task) is submitted again, up to spark.stage.maxConsecutiveAttempts times in all;
     * its workers join the hub under the new attempt number and resume from the newest averaged round.
     */
    private final class Attempts {
        private final JavaRDD<WorkerShard> shards;
        private final String hubName;
        private final AveragingHub hub;
        private final int maxAttempts = sc.getConf().getInt("spark.stage.maxConsecutiveAttempts", 4);
        private final StallWatch watch = new StallWatch(stall, "averaging round", System::nanoTime);
        private int attempt;
        private JavaFutureAction<List<HubWorker.Report>> job;

        Attempts(JavaRDD<WorkerShard> shards, String hubName, AveragingHub hub) {
            this.shards = shards;
            this.hubName = hubName;
            this.hub = hub;
            this.job = submit();
        }

        /** What the round waits on: the workers whose contribution has not arrived. */
        private String waitingOn() {
            List<Integer> missing = hub.missingWorkers();
            return missing.isEmpty() ? "the driver (every worker's contribution is in)" : "worker(s) " + missing
                    + " of " + workers + " (attempt " + (attempt + 1) + " of the training job)";
        }

        private JavaFutureAction<List<HubWorker.Report>> submit() {
            TaskSlots.await(sc.sc(), workers, (long) (stall.executorSeconds() * 1000),
                    "parameter averaging over " + workers + " workers");
            HubWorker worker = new HubWorker(hubName, attempt, config.steps(), config.averagingFrequency());
            return shards.rdd().barrier().mapPartitions(worker, false, ClassTag$.MODULE$.apply(HubWorker.Report.class))
                    .toJavaRDD().collectAsync();
        }

        /** The round ending on {@code step}, as soon as the hub has it, resubmitting a failed job. */
        AveragingHub.Round next(long step) {
            while (true) {
                AveragingHub.Round r = poll();
                if (r == null) {
                    watch.check(this::waitingOn).ifPresent(LOG::warn);
                } else {
                    watch.progress();
                    if (r.step() != step) {
                        throw new IllegalStateException("the averaging hub finished the round ending on step "
                                + r.step() + " where the driver expected step " + step);
                    }
                    return r;
                }
                if (job.isDone()) {
                    Throwable failure = failureOf(job);
                    if (failure == null) {
                        throw new IllegalStateException("the training job ended before the round ending on step "
                                + step);
                    }
                    if (attempt + 1 >= maxAttempts) {
                        throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
                    }
                    attempt++;
                    LOG.warn("training job failed ({}); attempt {} of {} resumes from the last averaged round",
                            OneLine.of(failure.getMessage()), attempt + 1, maxAttempts);
                    job = submit();
                }
            }
        }

        private AveragingHub.Round poll() {
            try {
                return hub.poll(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training", e);
            }
        }

        /** The workers' reports once the last job has ended. */
        List<HubWorker.Report> finish() {
            try {
                return job.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            }
        }
    }

    private static Throwable failureOf(JavaFutureAction<?> job) {
        try {
            job.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    /** The workers' time after {@link #train} returned. */
    RoundWaits waits() {
        return waits;
    }

    private static void report(List<HubWorker.Report> reports) {
        for (HubWorker.Report r : reports) {
            double total = r.trainSeconds() + r.waitSeconds();
            LOG.info("worker {}: {} rounds, {}s training, {}s waiting for the average ({}%)", r.worker(), r.rounds(),
                    String.format("%.1f", r.trainSeconds()), String.format("%.2f", r.waitSeconds()),
                    String.format("%.1f", total > 0 ? 100 * r.waitSeconds() / total : 0));
        }
    }
}
