package nanodiffusion.eval;

import nanodiffusion.sde.Euclidean;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A set of points in R^d as d coordinate arrays of equal length (columns), with the views the metrics use:
 * radii, projections and, in 2D, angles.
 */
public record PointCloud(double[][] columns) {
    public PointCloud {
        if (columns.length < 1) {
            throw new IllegalArgumentException("a point cloud needs at least one coordinate");
        }
        for (double[] c : columns) {
            if (c.length != columns[0].length) {
                throw new IllegalArgumentException("coordinates differ in length: " + c.length + " vs "
                        + columns[0].length);
            }
        }
    }

    /** A 2D cloud. */
    public PointCloud(double[] x, double[] y) {
        this(new double[][] {x, y});
    }

    /** Points of {@code dim} coordinates each, interleaved (point i at [dim i, dim i + dim)). */
    public static PointCloud interleaved(double[] values, int dim) {
        int n = values.length / dim;
        double[][] columns = new double[dim][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                columns[c][i] = values[dim * i + c];
            }
        }
        return new PointCloud(columns);
    }

    public int dim() {
        return columns.length;
    }

    public int size() {
        return columns[0].length;
    }

    /** Coordinate c of every point (the cloud's own array). */
    public double[] coordinate(int c) {
        return columns[c];
    }

    /** The first coordinate. */
    public double[] x() {
        return columns[0];
    }

    /** The second coordinate. */
    public double[] y() {
        return columns[1];
    }

    /** Point i's coordinates. */
    public double[] point(int i) {
        double[] p = new double[dim()];
        for (int c = 0; c < p.length; c++) {
            p[c] = columns[c][i];
        }
        return p;
    }

    /** The first {@code n} points (all of them when there are fewer). */
    public PointCloud head(int n) {
        return slice(0, Math.min(n, size()));
    }

    /** Points {@code from} .. {@code to} - 1. */
    public PointCloud slice(int from, int to) {
        return new PointCloud(Arrays.stream(columns).map(c -> Arrays.copyOfRange(c, from, to))
                .toArray(double[][]::new));
    }

    /** The points whose coordinates are all finite. */
    public PointCloud finite() {
        int[] keep = IntStream.range(0, size())
                .filter(i -> Arrays.stream(columns).allMatch(c -> Double.isFinite(c[i]))).toArray();
        if (keep.length == size()) {
            return this;
        }
        return new PointCloud(Arrays.stream(columns).map(c -> Arrays.stream(keep).mapToDouble(i -> c[i]).toArray())
                .toArray(double[][]::new));
    }

    /** |x_i| per point. */
    public double[] radii() {
        double[] r = new double[size()];
        double[] p = new double[dim()];
        for (int i = 0; i < r.length; i++) {
            for (int c = 0; c < p.length; c++) {
                p[c] = columns[c][i];
            }
            r[i] = Euclidean.norm(p, 0, p.length);
        }
        return r;
    }

    /** atan2(y, x) in (-pi, pi]; 2D only. */
    public double[] angles() {
        if (dim() != 2) {
            throw new IllegalStateException("angles are defined for 2D points, these have " + dim() + " coordinates");
        }
        double[] a = new double[size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.atan2(columns[1][i], columns[0][i]);
        }
        return a;
    }

    /** Projections x . direction, coordinate by coordinate in order. */
    public double[] project(double[] direction) {
        double[] p = new double[size()];
        for (int c = 0; c < columns.length; c++) {
            double w = direction[c];
            double[] col = columns[c];
            for (int i = 0; i < p.length; i++) {
                p[i] += col[i] * w;
            }
        }
        return p;
    }
}
