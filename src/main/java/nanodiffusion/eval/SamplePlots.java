package nanodiffusion.eval;

import nanodiffusion.data.DataSource;
import nanodiffusion.data.RingDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation's figures, by file name. In 2D, for every source: the samples' density, and their radius and
 * angle histograms against the true draw's. In any other dimension: a corner plot of the first
 * {@link #CORNER_COORDINATES} coordinates (samples over true data) and the radius histogram - for the ring against
 * its exact Gamma(scale, scale) density, otherwise against the true draw's radii.
 */
public final class SamplePlots {
    public static final int CORNER_COORDINATES = 4;
    static final int WIDTH = 900;
    static final int HEIGHT = 700;
    private static final double RING_LIMIT = 1.5;
    private static final int DENSITY_BINS = 150;
    private static final int CORNER_BINS = 60;
    private static final int HISTOGRAM_BINS = 120;

    private SamplePlots() {
    }

    /** @param samples finite samples */
    public static Map<String, BufferedImage> of(PointCloud samples, PointCloud truth, DataSource source) {
        Map<String, BufferedImage> figures = new LinkedHashMap<>();
        double[] radii = truth.radii();
        boolean ring = source instanceof RingDistribution;
        if (samples.dim() == 2) {
            // the ring's plots keep their fixed frame; other sources are framed by their true draw
            double limit = ring ? RING_LIMIT : 1.1 * quantile(radii, 0.999);
            // x and y span the same range: a square data area draws the ring round, not as an ellipse
            figures.put("samples", Charts.squareImage(Charts.density(samples, limit, DENSITY_BINS), WIDTH, HEIGHT));
            figures.put("radial", image(Charts.histograms("Radius |x|", "r", samples.radii(), radii, ring ? 0.6 : 0,
                    ring ? 1.4 : limit, HISTOGRAM_BINS)));
            figures.put("angular", image(Charts.histograms("Angle atan2(y, x)", "angle (rad)", samples.angles(),
                    truth.angles(), -Math.PI, Math.PI, HISTOGRAM_BINS)));
            return figures;
        }
        int k = Math.min(CORNER_COORDINATES, samples.dim());
        double limit = 0;
        for (int c = 0; c < k; c++) {
            double[] abs = Arrays.stream(truth.coordinate(c)).map(Math::abs).toArray();
            limit = Math.max(limit, 1.1 * quantile(abs, 0.999));
        }
        figures.put("corner", Charts.corner(samples, truth, k, limit, CORNER_BINS, 300));
        double hi = 1.2 * quantile(radii, 0.999);
        if (ring) {
            double scale = ((RingDistribution) source).scale();
            GammaDistribution law = new GammaDistribution(null, scale, 1 / scale);
            double lo = Math.max(0, 2 - hi);
            figures.put("radial", image(Charts.histogramAgainstDensity("Radius |x| in " + samples.dim()
                    + " dimensions against its exact law Gamma(" + scale + ", " + scale + ")", "r", samples.radii(),
                    law::density, lo, hi, HISTOGRAM_BINS)));
        } else {
            figures.put("radial", image(Charts.histograms("Radius |x|", "r", samples.radii(), radii, 0, hi,
                    HISTOGRAM_BINS)));
        }
        return figures;
    }

    /** Columns of a table whose histograms are drawn, and of its corner plot. */
    public static final int TABLE_COLUMNS = 8;

    /**
     * A table model's figures: each of the first {@link #TABLE_COLUMNS} columns' histogram of samples over
     * held-out rows ({@code column_<i>}), and for two or more columns the corner plot of the first
     * {@link #CORNER_COORDINATES}; each column framed by the held-out rows' 0.1% and 99.9% quantiles.
     */
    public static Map<String, BufferedImage> forTable(PointCloud samples, PointCloud heldOut, List<String> columns) {
        Map<String, BufferedImage> figures = new LinkedHashMap<>();
        int shown = Math.min(TABLE_COLUMNS, columns.size());
        double[] centre = new double[shown];
        double[] half = new double[shown];
        for (int c = 0; c < shown; c++) {
            double lo = quantile(heldOut.coordinate(c), 0.001);
            double hi = quantile(heldOut.coordinate(c), 0.999);
            double pad = 0.1 * Math.max(hi - lo, 1e-12);
            centre[c] = (lo + hi) / 2;
            half[c] = (hi - lo) / 2 + pad;
            figures.put("column_" + c, image(Charts.histograms("Column " + columns.get(c) + ": samples and held-out "
                    + "rows", columns.get(c), samples.coordinate(c), heldOut.coordinate(c), centre[c] - half[c],
                    centre[c] + half[c], HISTOGRAM_BINS)));
        }
        int k = Math.min(CORNER_COORDINATES, shown);
        if (k >= 2) {
            figures.put("corner", Charts.corner(samples, heldOut, columns.subList(0, k).toArray(String[]::new),
                    Arrays.copyOf(centre, k), Arrays.copyOf(half, k), CORNER_BINS, 300, "held-out rows"));
        }
        return figures;
    }

    private static BufferedImage image(org.jfree.chart.JFreeChart chart) {
        return chart.createBufferedImage(WIDTH, HEIGHT);
    }

    static double quantile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
