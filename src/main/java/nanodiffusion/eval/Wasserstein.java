package nanodiffusion.eval;

import java.util.Arrays;

/** Exact 1D Wasserstein-1 distance between two empirical distributions: integral of |F_a(v) - F_b(v)| dv. */
public final class Wasserstein {
    private Wasserstein() {
    }

    /** W1 of the two samples; neither array is modified. */
    public static double distance(double[] a, double[] b) {
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        return sortedDistance(sa, sb);
    }

    /** W1 of two already sorted samples, walking both CDFs once; sizes may differ. */
    public static double sortedDistance(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("W1 needs two non-empty samples");
        }
        int i = 0;
        int j = 0;
        double prev = Math.min(a[0], b[0]);
        double w = 0;
        while (i < a.length || j < b.length) {
            boolean takeA = j >= b.length || (i < a.length && a[i] <= b[j]);
            double v = takeA ? a[i] : b[j];
            w += Math.abs((double) i / a.length - (double) j / b.length) * (v - prev);
            prev = v;
            if (takeA) {
                i++;
            } else {
                j++;
            }
        }
        return w;
    }
}
