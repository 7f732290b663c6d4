package nanodiffusion.eval;

import nanodiffusion.data.RingDistribution;
import nanodiffusion.data.RandomStreams;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {
    private static PointCloud ring(int n) {
        double[] xy = new RingDistribution(200).sampler(RandomStreams.open(1, RandomStreams.Domain.EVAL_TRUTH))
                .points(n);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = xy[2 * i];
            y[i] = xy[2 * i + 1];
        }
        return new PointCloud(x, y);
    }

    /** The data area of {@code chart} drawn into {@code area}. */
    private static Rectangle2D dataArea(JFreeChart chart, Rectangle2D area) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = new BufferedImage((int) Math.ceil(area.getMaxX()), (int) Math.ceil(area.getMaxY()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        chart.draw(g, area, info);
        g.dispose();
        return info.getPlotInfo().getDataArea();
    }

    @Test
    void theSamplesDensityDrawsOneUnitAsTheSameLengthOnBothAxes() {
        JFreeChart chart = Charts.density(ring(2000), 1.5, 50);
        Rectangle2D plain = dataArea(chart, new Rectangle2D.Double(0, 0, 900, 700));
        assertTrue(plain.getWidth() - plain.getHeight() > 100, "the unfixed 900 x 700 chart is wide: " + plain);
        Rectangle2D area = Charts.squareDataArea(chart, new Rectangle2D.Double(0, 0, 900, 700));
        Rectangle2D data = dataArea(chart, area);
        // both axes span [-1.5, 1.5]; a pixel of rounding in the axis layout is all that may remain
        assertEquals(data.getWidth(), data.getHeight(), 2.0, "data area " + data);
        assertTrue(area.getWidth() <= 900 && area.getHeight() <= 700, "fits the image: " + area);
    }

    @Test
    void aCornerPlotsPairwiseCellsAreSquareToo() {
        PointCloud samples = ring(2000);
        JFreeChart cell = Charts.density(samples, 1.5, 30, java.awt.Color.BLUE, "x0", "x1");
        Rectangle2D data = dataArea(cell, Charts.squareDataArea(cell, new Rectangle2D.Double(300, 340, 300, 300)));
        assertEquals(data.getWidth(), data.getHeight(), 2.0, "data area " + data);
    }
}
