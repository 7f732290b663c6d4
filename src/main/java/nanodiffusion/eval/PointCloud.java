package nanodiffusion.eval;

import java.util.Arrays;

/** A set of 2D points as two coordinate arrays, with the polar views the metrics use. */
public record PointCloud(double[] x, double[] y) {
    public PointCloud {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
    }

    public static PointCloud interleaved(double[] xy) {
        int n = xy.length / 2;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = xy[2 * i];
            y[i] = xy[2 * i + 1];
        }
        return new PointCloud(x, y);
    }

    public int size() {
        return x.length;
    }

    /** The points whose two coordinates are both finite. */
    public PointCloud finite() {
        int[] keep = java.util.stream.IntStream.range(0, x.length)
                .filter(i -> Double.isFinite(x[i]) && Double.isFinite(y[i])).toArray();
        return new PointCloud(Arrays.stream(keep).mapToDouble(i -> x[i]).toArray(),
                Arrays.stream(keep).mapToDouble(i -> y[i]).toArray());
    }

    public double[] radii() {
        double[] r = new double[x.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.hypot(x[i], y[i]);
        }
        return r;
    }

    /** atan2(y, x) in (-pi, pi]. */
    public double[] angles() {
        double[] a = new double[x.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.atan2(y[i], x[i]);
        }
        return a;
    }

    /** Projections x cos(theta) + y sin(theta). */
    public double[] project(double theta) {
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        double[] p = new double[x.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = x[i] * c + y[i] * s;
        }
        return p;
    }
}
