package nanodiffusion.stall;

import nanodiffusion.config.StallConfig;

import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Watches a run's units of progress (training rounds, sampling blocks) for a stall. The bound is stall.factor times
 * the slowest unit so far (before the first, stall.firstSeconds): past it the watch returns one warning line naming
 * what the run waits on; past stall.stopFactor times the bound it throws {@link Stalled}. Pure: time comes from the
 * given clock, so a test injects the stall.
 */
public final class StallWatch {
    private final StallConfig config;
    private final String unit;
    private final LongSupplier nanos;
    private long last;
    private double slowest;
    private boolean warned;

    /**
     * @param unit what finishes, as a log line names it: "averaging round", "sampling block"
     * @param nanos the clock, System::nanoTime outside tests
     */
    public StallWatch(StallConfig config, String unit, LongSupplier nanos) {
        this.config = config;
        this.unit = unit;
        this.nanos = nanos;
        this.last = nanos.getAsLong();
    }

    /** One unit finished now. */
    public void progress() {
        long now = nanos.getAsLong();
        slowest = Math.max(slowest, (now - last) / 1e9);
        last = now;
        warned = false;
    }

    /** Seconds without progress before the warning: stall.factor times the slowest unit, stall.firstSeconds first. */
    public double warnSeconds() {
        return slowest == 0 ? config.firstSeconds() : config.factor() * slowest;
    }

    /** Seconds without progress before the run stops. */
    public double stopSeconds() {
        return config.stopFactor() * warnSeconds();
    }

    /**
     * Checks the time since the last unit: a warning line once the bound has passed (once per stall), nothing before;
     * past the stop bound a {@link Stalled} naming what the run waited on.
     */
    public Optional<String> check(Supplier<String> waitingOn) {
        double idle = (nanos.getAsLong() - last) / 1e9;
        String bound = slowest == 0 ? String.format("stall.firstSeconds = %.0f s before the first", config.firstSeconds())
                : String.format("stall.factor %s x the slowest so far, %.1f s", plain(config.factor()), slowest);
        if (idle > stopSeconds()) {
            throw new Stalled(String.format("no %s finished for %.0f s (bound %.0f s: %s; stopped at stall.stopFactor "
                    + "%s x that); waiting on %s", unit, idle, warnSeconds(), bound, plain(config.stopFactor()),
                    waitingOn.get()));
        }
        if (idle > warnSeconds() && !warned) {
            warned = true;
            return Optional.of(String.format("no %s finished for %.0f s (bound %.0f s: %s); waiting on %s; the run "
                    + "stops after %.0f s without one", unit, idle, warnSeconds(), bound, waitingOn.get(),
                    stopSeconds()));
        }
        return Optional.empty();
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
