package nanodiffusion.train;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The Java heap in use right after the most recent garbage collection (of any generation), read from the
 * collectors' own records, so nothing is forced: what training holds on to, which must not grow with the step.
 * -1 when the JVM keeps no such record or no collection has run yet.
 */
final class HeapAfterGc {
    private HeapAfterGc() {
    }

    static long megabytes() {
        long newest = -1;
        long used = -1;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof com.sun.management.GarbageCollectorMXBean gc && gc.getLastGcInfo() != null
                    && gc.getLastGcInfo().getEndTime() > newest) {
                newest = gc.getLastGcInfo().getEndTime();
                used = gc.getLastGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
            }
        }
        return used < 0 ? -1 : used >> 20;
    }
}
