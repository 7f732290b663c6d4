package nanodiffusion.stall;

import nanodiffusion.config.StallConfig;
import nanodiffusion.testing.LocalSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watch on a real local Spark job (a session of its own, for its 200 ms heartbeat; Spark removes its scratch on
 * stop, as for every other local session of the suite): units counted by the tasks reach the driver while the tasks run (heartbeats,
 * here every 200 ms) and when they end; a job whose tasks stop counting is cancelled and reported as a stall.
 */
class JobWatchTest {
    /** Released by the test: the injected stall's tasks wait on it (same JVM in local mode). */
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static LocalSpark spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = new LocalSpark(Map.of("spark.executor.heartbeatInterval", "200ms"));
        sc = spark.jsc();
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    @Test
    void aJobThatFinishesCountsEveryUnitAndIsNotStopped() {
        LongAccumulator units = sc.sc().longAccumulator("units");
        sc.setJobGroup("finishing", "a job that finishes", false);
        try (JobWatch watch = JobWatch.start(sc.sc(), "finishing", "test unit", units, new StallConfig(60, 20, 4, 600))) {
            List<Integer> out = sc.parallelize(IntStream.range(0, 40).boxed().toList(), 4).map(i -> {
                units.add(1);
                return i;
            }).collect();
            assertEquals(40, out.size());
            // the last task's end reaches the listener bus after collect returns: wait on the count, not a clock
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (watch.finished() < 40 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(40, watch.finished());
            assertNull(watch.stalled());
        } finally {
            sc.clearJobGroup();
        }
    }

    @Test
    void aJobWhoseTasksStopCountingIsCancelledAndReportedAsAStall() {
        LongAccumulator units = sc.sc().longAccumulator("units");
        sc.setJobGroup("stalling", "a job that stalls", false);
        // bounds: 60 s before the first unit (a busy machine starts tasks late), then 2 x the slowest gap, stop at
        // 2 x that; the gaps are the heartbeat's 200 ms and the task start, so the stop comes seconds after the units
        try {
            // collect's failure is Spark's SparkException, checked in Java: watched must still turn it into the stall
            Stalled stalled = assertThrows(Stalled.class, () -> JobWatch.watched(sc.sc(), "stalling", "test unit",
                    units, new StallConfig(60, 2, 2, 600), "rerun it", () ->
                            sc.parallelize(List.of(1, 2), 2).map(i -> {
                                units.add(3);
                                RELEASE.await(); // the injected stall: the task never finishes on its own
                                return i;
                            }).collect()));
            assertTrue(stalled.getMessage().startsWith("no test unit finished for ")
                    && stalled.getMessage().contains("waiting on the tasks of 'stalling' (6 unit(s) finished so far)")
                    && stalled.getMessage().endsWith("; rerun it"), stalled.getMessage());
        } finally {
            RELEASE.countDown(); // the cancelled tasks hold both local cores until released
            sc.clearJobGroup();
        }
    }
}
