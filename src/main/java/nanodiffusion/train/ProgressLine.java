package nanodiffusion.train;

import java.util.Locale;

/**
 * The fixed-format progress line: {@code step 4000/20000 loss=0.1812 samples/s=61234 eta=3m12s heap=84MB}, heap
 * being the driver's Java heap after its last garbage collection (left out when unknown).
 */
public final class ProgressLine {
    private ProgressLine() {
    }

    public static String format(long step, long total, double loss, double samplesPerSecond, double etaSeconds,
                                long heapMegabytes) {
        return String.format(Locale.ROOT, "step %d/%d loss=%.4f samples/s=%.0f eta=%s", step, total, loss,
                samplesPerSecond, duration(etaSeconds)) + (heapMegabytes < 0 ? "" : " heap=" + heapMegabytes + "MB");
    }

    /** 3m12s, 1h02m, 45s. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
