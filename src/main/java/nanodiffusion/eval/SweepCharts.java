package nanodiffusion.eval;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;

/** A sweep's plots: a quality metric against a setting or wall time (with the Pareto front), and loss curves. */
public final class SweepCharts {
    private SweepCharts() {
    }

    /** A labelled point of a scatter plot. */
    public record Point(double x, double y) {
    }

    /** One scatter series per group, e.g. quality against batch size, one series per lr scaling power. */
    public static JFreeChart scatter(String title, String xLabel, String yLabel, boolean logX,
                                     Map<String, List<Point>> groups) {
        XYSeriesCollection data = new XYSeriesCollection();
        groups.forEach((name, points) -> data.addSeries(series(name, points, false)));
        JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (logX) {
            plot.setDomainAxis(logAxis(xLabel + " (log scale)"));
        }
        plot.setRangeAxis(logAxis(yLabel + " (log scale)"));
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Every trial's metric against its wall time, with the Pareto front (no trial both faster and better) as a line. */
    public static JFreeChart paretoFront(String metric, List<Point> trials, List<Point> front) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("trials", trials, false));
        data.addSeries(series("Pareto front", front.stream().sorted(java.util.Comparator.comparingDouble(Point::x))
                .toList(), false));
        JFreeChart chart = ChartFactory.createScatterPlot(metric + " against wall time", "wall time per trial (s)",
                metric, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false);
        r.setSeriesPaint(0, new Color(0x1f77b4));
        r.setSeriesLinesVisible(1, true);
        r.setSeriesPaint(1, new Color(0xd62728));
        r.setSeriesStroke(1, new BasicStroke(2f));
        r.setSeriesShape(1, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
        plot.setRenderer(r);
        plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD); // the front on top
        plot.setRangeAxis(logAxis(metric + " (log scale)"));
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Overlaid training-loss curves against samples seen (comparable across batch sizes), log loss. */
    public static JFreeChart lossCurves(Map<String, List<Point>> curves) {
        XYSeriesCollection data = new XYSeriesCollection();
        curves.forEach((name, points) -> data.addSeries(series(name, points, true)));
        JFreeChart chart = ChartFactory.createXYLineChart("Training loss per trial", "samples seen", "loss", data,
                PlotOrientation.VERTICAL, curves.size() <= 24, false, false);
        XYPlot plot = chart.getXYPlot();
        org.jfree.chart.axis.LogAxis axis = new org.jfree.chart.axis.LogAxis("loss (log scale)");
        axis.setNumberFormatOverride(new java.text.DecimalFormat("0.00")); // the loss lives within 0.15-1.5
        axis.setSmallestValue(1e-3);
        plot.setRangeAxis(axis);
        ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis()).setNumberFormatOverride(
                new java.text.DecimalFormat("#,##0"));
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYSeries series(String name, List<Point> points, boolean sorted) {
        XYSeries s = new XYSeries(name, sorted, true);
        points.stream().filter(p -> Double.isFinite(p.y()) && p.y() > 0 && Double.isFinite(p.x()))
                .forEach(p -> s.add(p.x(), p.y()));
        return s;
    }

    /** Ticks at 1, 2, ..., 9 times powers of ten, labelled as plain numbers (5,000 and 0.02, not 10^3.7). */
    private static LogarithmicAxis logAxis(String label) {
        LogarithmicAxis axis = new LogarithmicAxis(label);
        axis.setStrictValuesFlag(false);
        return axis;
    }
}
