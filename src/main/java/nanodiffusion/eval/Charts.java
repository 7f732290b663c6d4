package nanodiffusion.eval;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.Paint;

/** The run's plots as JFreeChart charts: sample density, radial and angular histograms against truth, loss curve. */
public final class Charts {
    private static final Color SAMPLES = new Color(0x1f77b4);
    private static final Color TRUTH = new Color(0xd62728);

    private Charts() {
    }

    /** 2D histogram of the samples on [-lim, lim]^2, counts per cell on a white-to-blue scale. */
    public static JFreeChart density(PointCloud points, double lim, int bins) {
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
        Scale scale = new Scale(max);
        renderer.setPaintScale(scale);
        NumberAxis xAxis = new NumberAxis("x");
        NumberAxis yAxis = new NumberAxis("y");
        xAxis.setRange(-lim, lim);
        yAxis.setRange(-lim, lim);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart("Samples (" + points.size() + " points)", plot);
        chart.removeLegend();
        PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("count per cell"));
        legend.setPosition(RectangleEdge.RIGHT);
        chart.addSubtitle(legend);
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

    /** White at zero to dark blue at the maximum count. */
    private record Scale(double max) implements PaintScale {
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
            return new Color(1 - 0.9f * f, 1 - 0.7f * f, 1 - 0.3f * f);
        }
    }
}
