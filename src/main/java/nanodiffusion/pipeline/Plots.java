package nanodiffusion.pipeline;

import nanodiffusion.io.Storage;
import org.apache.hadoop.fs.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;

/** Writes charts and images as PNG files through {@link Storage}. */
public final class Plots {
    static final int WIDTH = 900;
    static final int HEIGHT = 700;

    private Plots() {
    }

    public static void write(Storage storage, Path path, JFreeChart chart) {
        storage.writeAtomically(path, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
    }

    public static void write(Storage storage, Path path, BufferedImage image) {
        storage.writeAtomically(path, out -> ImageIO.write(image, "png", out));
    }
}
