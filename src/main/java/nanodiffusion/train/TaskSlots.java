package nanodiffusion.train;

import nanodiffusion.stall.Stalled;

import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task slots a barrier stage needs at once. Spark checks them itself, but retries only every 15 s and says
 * little; training waits here instead, with one log line every {@link #REPORT_MILLIS}, for executors that are
 * still starting or being replaced.
 */
final class TaskSlots {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSlots.class);
    private static final long POLL_MILLIS = 100;
    private static final long REPORT_MILLIS = 10_000;

    private TaskSlots() {
    }

    /** Tasks that can run at once on the executors registered now. */
    static int available(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }

    /**
     * Waits until {@code needed} tasks can run at once, for at most {@code timeoutMillis}.
     *
     * @throws NotEnoughSlots when they did not appear in time
     */
    static void await(SparkContext sc, int needed, long timeoutMillis, String purpose) {
        long start = System.nanoTime();
        long nextReport = REPORT_MILLIS;
        while (true) {
            int slots = available(sc);
            if (slots >= needed) {
                return;
            }
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (waited >= timeoutMillis) {
                throw new NotEnoughSlots(needed, slots, waited, purpose);
            }
            if (waited >= nextReport) {
                LOG.info("waiting for {} task slots for {} ({} available after {} s)", needed, purpose, slots,
                        waited / 1000);
                nextReport += REPORT_MILLIS;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for task slots", e);
            }
        }
    }

    /** The cluster did not grant enough task slots in time. */
    static final class NotEnoughSlots extends Stalled {
        private static final long serialVersionUID = 1L;

        NotEnoughSlots(int needed, int available, long waitedMillis, String purpose) {
            super(String.format("%s needs %d task slots at once; the executors granted %d within %.0f s "
                    + "(stall.executorSeconds; lower train.workers or give the application more executor cores)",
                    purpose, needed, available, waitedMillis / 1000.0));
        }
    }
}
