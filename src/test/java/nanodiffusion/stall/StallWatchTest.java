package nanodiffusion.stall;

import nanodiffusion.config.StallConfig;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stall bounds, with time injected: warned once past the bound, stopped past stopFactor times it. */
class StallWatchTest {
    private long now;

    private void advance(double seconds) {
        now += (long) (seconds * 1e9);
    }

    @Test
    void beforeTheFirstUnitTheBoundIsTheSettingThenFactorTimesTheSlowestUnit() {
        StallWatch watch = new StallWatch(new StallConfig(100, 20, 4, 600), "averaging round", () -> now);
        advance(99);
        assertEquals(Optional.empty(), watch.check(() -> "worker(s) [1]"));
        advance(2);
        String line = watch.check(() -> "worker(s) [1]").orElseThrow();
        assertTrue(line.startsWith("no averaging round finished for 101 s (bound 100 s: stall.firstSeconds = 100 s "
                + "before the first); waiting on worker(s) [1]; the run stops after 400 s without one"), line);
        assertEquals(Optional.empty(), watch.check(() -> "worker(s) [1]"), "one warning per stall");
        watch.progress(); // the first round took 101 s
        advance(0.5);
        watch.progress();
        assertEquals(20 * 101, watch.warnSeconds(), 1e-6, "20 x the slowest so far");
        assertEquals(4 * 20 * 101, watch.stopSeconds(), 1e-6);
    }

    @Test
    void pastTheStopBoundTheWatchThrowsNamingWhatItWaitedOn() {
        StallWatch watch = new StallWatch(new StallConfig(100, 2, 1.5, 600), "sampling job", () -> now);
        advance(3);
        watch.progress(); // slowest 3 s: warn at 6 s, stop at 9 s
        advance(7);
        assertTrue(watch.check(() -> "task 3").isPresent());
        advance(1.5);
        assertEquals(Optional.empty(), watch.check(() -> "task 3"), "between the bounds: warned already, not stopped");
        advance(1);
        Stalled stalled = assertThrows(Stalled.class, () -> watch.check(() -> "task 3"));
        assertEquals("no sampling job finished for 10 s (bound 6 s: stall.factor 2 x the slowest so far, 3.0 s; "
                + "stopped at stall.stopFactor 1.5 x that); waiting on task 3", stalled.getMessage());
    }

    @Test
    void progressEndsAStallAndTheNextOneIsWarnedAgain() {
        StallWatch watch = new StallWatch(new StallConfig(10, 2, 4, 600), "averaging round", () -> now);
        advance(1);
        watch.progress();
        advance(3);
        assertTrue(watch.check(() -> "x").isPresent());
        watch.progress(); // slowest now 3 s
        advance(5);
        assertEquals(Optional.empty(), watch.check(() -> "x"), "6 s bound now");
        advance(2);
        assertTrue(watch.check(() -> "x").isPresent());
    }
}
