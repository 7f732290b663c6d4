package nanodiffusion.eval;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.function.DoubleUnaryOperator;

/**
 * The run's plots as JFreeChart charts: sample density, radial and angular histograms against truth, a corner plot
 * for d > 2, a histogram against an exact density, the loss curve.
 */
public final class Charts {
    private static final Color SAMPLES = new Color(0x1f77b4);
    private static final Color TRUTH = new Color(0xd62728);

    private Charts() {
    }

    /** 2D histogram of the samples on [-lim, lim]^2, counts per cell on a white-to-blue scale. */
    public static JFreeChart density(PointCloud points, double lim, int bins) {
        JFreeChart chart = density(points, lim, bins, SAMPLES, "x", "y");
        chart.setTitle("Samples (" + points.size() + " points)");
        PaintScaleLegend legend = new PaintScaleLegend(((XYBlockRenderer) chart.getXYPlot().getRenderer())
                .getPaintScale(), new NumberAxis("count per cell"));
        legend.setPosition(RectangleEdge.RIGHT);
        chart.addSubtitle(legend);
        return chart;
    }

    /** 2D histogram of the first two coordinates of {@code points} on [-lim, lim]^2, white to {@code colour}. */
    static JFreeChart density(PointCloud points, double lim, int bins, Color colour, String xName, String yName) {
        double cell = 2 * lim / bins;
        double[] counts = new double[bins * bins];
        for (int i = 0; i < points.size(); i++) {
            int cx = (int) Math.floor((points.x()[i] + lim) / cell);
            int cy = (int) Math.floor((points.y()[i] + lim) / cell);
            if (cx >= 0 && cx < bins && cy >= 0 && cy < bins) {
                counts[cx * bins + cy]++;
            }
        }
        double[] xs = new double[bins * bins];
        double[] ys = new double[bins * bins];
        double max = 1;
        for (int cx = 0; cx < bins; cx++) {
            for (int cy = 0; cy < bins; cy++) {
                xs[cx * bins + cy] = -lim + (cx + 0.5) * cell;
                ys[cx * bins + cy] = -lim + (cy + 0.5) * cell;
                max = Math.max(max, counts[cx * bins + cy]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("samples", new double[][] {xs, ys, counts});
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(cell);
        renderer.setBlockHeight(cell);
        Scale scale = new Scale(max, colour);
        renderer.setPaintScale(scale);
        NumberAxis xAxis = new NumberAxis(xName);
        NumberAxis yAxis = new NumberAxis(yName);
        xAxis.setRange(-lim, lim);
        yAxis.setRange(-lim, lim);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        return chart;
    }

    /**
     * A corner plot of the first k coordinates as one image: below the diagonal the samples' pairwise 2D
     * histograms (blue), above it the true draw's (red, the same pair mirrored), on the diagonal both marginals.
     */
    public static BufferedImage corner(PointCloud samples, PointCloud truth, int k, double lim, int bins,
                                       int cellSize) {
        String[] names = new String[k];
        double[] lims = new double[k];
        for (int c = 0; c < k; c++) {
            names[c] = "x" + c;
            lims[c] = lim;
        }
        return corner(samples, truth, names, new double[k], lims, bins, cellSize, "true data");
    }

    /** The same with named coordinates, each on its own range [centre - half, centre + half]. */
    public static BufferedImage corner(PointCloud samples, PointCloud truth, String[] names, double[] centre,
                                       double[] half, int bins, int cellSize, String truthName) {
        int k = names.length;
        int titleHeight = 40;
        BufferedImage image = new BufferedImage(k * cellSize, k * cellSize + titleHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(JFreeChart.DEFAULT_TITLE_FONT);
        g.drawString("Samples (blue, below), " + truthName + " (red, above): " + k + " of " + samples.dim()
                + " coordinates", 10, 26);
        for (int row = 0; row < k; row++) {
            for (int col = 0; col < k; col++) {
                JFreeChart cell;
                if (row == col) {
                    cell = histograms(null, names[col], samples.coordinate(col), truth.coordinate(col),
                            centre[col] - half[col], centre[col] + half[col], bins / 2);
                    cell.removeLegend();
                } else {
                    boolean below = row > col;
                    PointCloud source = below ? samples : truth;
                    Color colour = below ? SAMPLES : TRUTH;
                    if (centre[col] == 0 && centre[row] == 0 && half[col] == half[row]) {
                        cell = density(new PointCloud(source.coordinate(col), source.coordinate(row)), half[col],
                                bins, colour, names[col], names[row]);
                    } else { // the density chart is square around 0: each axis shifted and scaled onto [-1, 1]
                        cell = density(new PointCloud(scaled(source.coordinate(col), centre[col], half[col]),
                                scaled(source.coordinate(row), centre[row], half[row])), 1, bins, colour,
                                names[col] + " (scaled)", names[row] + " (scaled)");
                    }
                }
                Rectangle2D area = new Rectangle2D.Double(col * cellSize, titleHeight + row * cellSize, cellSize,
                        cellSize);
                cell.draw(g, row == col ? area : squareDataArea(cell, area));
            }
        }
        g.dispose();
        return image;
    }

    /**
     * The part of {@code area} to draw {@code chart} into so that its plot's data area is square, centred in
     * {@code area}: a chart of coordinates whose axes span equal ranges then shows one unit as the same length on
     * both axes (a circle as a circle). The axes' and legend's room is measured by drawing the chart once.
     */
    public static Rectangle2D squareDataArea(JFreeChart chart, Rectangle2D area) {
        Rectangle2D r = area;
        for (int pass = 0; pass < 2; pass++) { // tick labels can move a little once the area changes
            ChartRenderingInfo info = new ChartRenderingInfo();
            BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scratch.createGraphics();
            chart.draw(g, new Rectangle2D.Double(0, 0, r.getWidth(), r.getHeight()), info);
            g.dispose();
            Rectangle2D data = info.getPlotInfo().getDataArea();
            double excess = data.getWidth() - data.getHeight();
            double w = r.getWidth() - Math.max(0, excess);
            double h = r.getHeight() - Math.max(0, -excess);
            r = new Rectangle2D.Double(area.getX() + (area.getWidth() - w) / 2, area.getY() + (area.getHeight() - h) / 2,
                    w, h);
        }
        return r;
    }

    /** {@code chart} as an image of at most {@code width} x {@code height} whose data area is square. */
    public static BufferedImage squareImage(JFreeChart chart, int width, int height) {
        Rectangle2D r = squareDataArea(chart, new Rectangle2D.Double(0, 0, width, height));
        return chart.createBufferedImage((int) Math.round(r.getWidth()), (int) Math.round(r.getHeight()));
    }

    private static double[] scaled(double[] values, double centre, double half) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (values[i] - centre) / half;
        }
        return out;
    }

    /** Normalised histogram of {@code samples} over [lo, hi] as steps, with an exact density as a line. */
    public static JFreeChart histogramAgainstDensity(String title, String axis, double[] samples,
                                                     DoubleUnaryOperator density, double lo, double hi, int bins) {
        XYSeries exact = new XYSeries("exact density");
        for (int i = 0; i <= 4 * bins; i++) {
            double v = lo + (hi - lo) * i / (4.0 * bins);
            exact.add(v, density.applyAsDouble(v));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, axis, "density",
                new XYSeriesCollection(histogram("samples", samples, lo, hi, bins)), PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        XYStepRenderer steps = new XYStepRenderer();
        steps.setSeriesPaint(0, SAMPLES);
        plot.setRenderer(0, steps);
        plot.setDataset(1, new XYSeriesCollection(exact));
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, TRUTH);
        plot.setRenderer(1, line);
        plot.setBackgroundPaint(Color.WHITE);
        plot.getDomainAxis().setRange(lo, hi);
        return chart;
    }

    /** Normalised histograms of samples and truth over [lo, hi], drawn as steps. */
    public static JFreeChart histograms(String title, String axis, double[] samples, double[] truth, double lo,
                                        double hi, int bins) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(histogram("samples", samples, lo, hi, bins));
        data.addSeries(histogram("true data", truth, lo, hi, bins));
        JFreeChart chart = ChartFactory.createXYLineChart(title, axis, "density", data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setSeriesPaint(0, SAMPLES);
        renderer.setSeriesPaint(1, TRUTH);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.getDomainAxis().setRange(lo, hi);
        return chart;
    }

    private static XYSeries histogram(String name, double[] values, double lo, double hi, int bins) {
        double width = (hi - lo) / bins;
        double[] counts = new double[bins];
        int finite = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                finite++;
                int b = (int) Math.floor((v - lo) / width);
                if (b >= 0 && b < bins) {
                    counts[b]++;
                }
            }
        }
        XYSeries s = new XYSeries(name);
        for (int b = 0; b < bins; b++) {
            s.add(lo + b * width, counts[b] / (Math.max(finite, 1) * width));
        }
        s.add(hi, counts[bins - 1] / (Math.max(finite, 1) * width));
        return s;
    }

    /** Training loss per averaging round against the step, log scale. */
    public static JFreeChart lossCurve(long[] steps, double[] loss) {
        XYSeries s = new XYSeries("loss");
        for (int i = 0; i < steps.length; i++) {
            if (Double.isFinite(loss[i]) && loss[i] > 0) {
                s.add(steps[i], loss[i]);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Training loss", "step", "loss",
                new XYSeriesCollection(s), PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis axis = new LogAxis("loss (log scale)");
        axis.setNumberFormatOverride(new java.text.DecimalFormat("0.00"));
        axis.setSmallestValue(1e-3);
        plot.setRangeAxis(axis);
        plot.getRenderer().setSeriesPaint(0, SAMPLES);
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** White at zero to {@code colour}, darkened, at the maximum count. */
    private record Scale(double max, Color colour) implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return max;
        }

        @Override
        public Paint getPaint(double value) {
            float f = (float) Math.max(0, Math.min(1, Math.sqrt(value / max)));
            if (colour.equals(SAMPLES)) { // the blue this chart has always used
                return new Color(1 - 0.9f * f, 1 - 0.7f * f, 1 - 0.3f * f);
            }
            float[] c = colour.getRGBColorComponents(null);
            return new Color(1 - f * (1 - 0.8f * c[0]), 1 - f * (1 - 0.8f * c[1]), 1 - f * (1 - 0.8f * c[2]));
        }
    }
}
