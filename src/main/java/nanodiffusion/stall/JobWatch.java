package nanodiffusion.stall;

import nanodiffusion.config.StallConfig;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple4;
import scala.collection.JavaConverters;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the Spark jobs of one job group for a stall ({@link StallWatch}): a unit of progress is a step of a
 * counter the tasks raise (a {@link LongAccumulator}: "sampling block", "likelihood block"), seen while the tasks run
 * through the executors' heartbeats (every spark.executor.heartbeatInterval, 10 s by default, so shorter units arrive
 * in batches), or, without a counter, a finished task. Once a second the watch logs a warning past the first bound
 * and, past the second, cancels the job group and records a {@link Stalled} for the caller to throw instead of
 * Spark's cancellation; {@link #watched} runs a job that way.
 */
public final class JobWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobWatch.class);
    private static final String JOB_GROUP = "spark.jobGroup.id";

    private final SparkContext sc;
    private final String group;
    private final StallWatch watch;
    private final Long counter;
    private final Listener listener = new Listener();
    private final ScheduledExecutorService checks;
    private final Set<Integer> stages = new HashSet<>();
    private final Map<Long, Long> counted = new HashMap<>(); // task id -> the counter's value in that task
    private long done;
    private volatile Stalled stalled;

    /** How often the watch checks its bounds. */
    private static final long CHECK_MILLIS = 1000;

    private JobWatch(SparkContext sc, String group, String unit, LongAccumulator counter, StallConfig config) {
        this.sc = sc;
        this.group = group;
        this.watch = new StallWatch(config, unit, System::nanoTime);
        this.counter = counter == null ? null : counter.id();
        sc.addSparkListener(listener);
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stall watch: " + group);
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching the jobs of {@code group} (set it with setJobGroup before they start).
     *
     * @param unit    what finishes, as the log line names it
     * @param counter the tasks' count of finished units, or null to count finished tasks
     */
    public static JobWatch start(SparkContext sc, String group, String unit, LongAccumulator counter,
                                 StallConfig config) {
        return new JobWatch(sc, group, unit, counter, config);
    }

    /**
     * Runs {@code job} (whose Spark jobs belong to {@code group}) under a watch; a stall ends it with the
     * {@link Stalled} and {@code advice} (or none when null) instead of Spark's cancellation.
     */
    public static <T> T watched(SparkContext sc, String group, String unit, LongAccumulator counter,
                                StallConfig config, String advice, java.util.function.Supplier<T> job) {
        JobWatch watch = start(sc, group, unit, counter, config);
        try {
            return job.get();
        } catch (Exception e) { // Spark's SparkException is checked in Java yet thrown through Scala code unchecked
            Stalled stalled = watch.stalled();
            if (stalled != null) {
                throw advice == null ? stalled : stalled.withAdvice(advice);
            }
            throw e;
        } finally {
            watch.close();
        }
    }

    /** Units finished so far, as far as the driver has heard. */
    public synchronized long finished() {
        return done;
    }

    /** The stall that stopped the jobs, or null. */
    public Stalled stalled() {
        return stalled;
    }

    private void check() {
        try {
            synchronized (this) {
                watch.check(this::waitingOn).ifPresent(LOG::warn);
            }
        } catch (Stalled s) {
            stalled = s;
            LOG.error("{}; cancelling the jobs of '{}'", s.getMessage(), group);
            checks.shutdown();
            sc.cancelJobGroup(group);
        } catch (RuntimeException e) { // never let a watch failure end the checks silently
            LOG.warn("stall watch of '{}' could not check: {}", group, e.toString());
        }
    }

    private String waitingOn() {
        return String.format("the tasks of '%s' (%d %s finished so far)", group, done,
                counter == null ? "task(s)" : "unit(s)");
    }

    private synchronized void counted(long task, long value) {
        Long before = counted.put(task, value);
        if (before == null || value > before) {
            long total = counted.values().stream().mapToLong(Long::longValue).sum();
            if (total > done) {
                done = total;
                watch.progress();
            }
        }
    }

    private synchronized void taskEnded(SparkListenerTaskEnd end) {
        if (!stages.contains(end.stageId()) || !end.taskInfo().successful()) {
            return;
        }
        if (counter == null) {
            done++;
            watch.progress();
            return;
        }
        for (AccumulableInfo info : JavaConverters.seqAsJavaList(end.taskInfo().accumulables())) {
            valueOf(info).ifPresent(v -> counted(end.taskInfo().taskId(), v));
        }
    }

    private java.util.Optional<Long> valueOf(AccumulableInfo info) {
        if (counter == null || info.id() != counter || info.update().isEmpty()) {
            return java.util.Optional.empty();
        }
        return info.update().get() instanceof Long v ? java.util.Optional.of(v) : java.util.Optional.empty();
    }

    @Override
    public void close() {
        checks.shutdownNow();
        sc.removeSparkListener(listener);
    }

    private final class Listener extends SparkListener {
        @Override
        public void onJobStart(SparkListenerJobStart start) {
            if (start.properties() != null && group.equals(start.properties().getProperty(JOB_GROUP))) {
                synchronized (JobWatch.this) {
                    for (Object id : JavaConverters.seqAsJavaList(start.stageIds())) {
                        stages.add((Integer) id);
                    }
                }
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            taskEnded(end);
        }

        @Override
        public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
            if (counter == null) {
                return;
            }
            for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> task
                    : JavaConverters.seqAsJavaList(update.accumUpdates())) {
                synchronized (JobWatch.this) {
                    if (!stages.contains((Integer) task._2())) {
                        continue;
                    }
                }
                for (AccumulableInfo info : JavaConverters.seqAsJavaList(task._4())) {
                    valueOf(info).ifPresent(v -> counted((Long) task._1(), v));
                }
            }
        }
    }
}
