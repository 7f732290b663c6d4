package nanodiffusion.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training loss as recorded after each averaging round: the step the round ended on, the mean over workers of the
 * loss of their last minibatch, and seconds since training started.
 */
public final class LossHistory {
    /** One row of the history. */
    public record Point(long step, double loss, double seconds) {
    }

    private final List<Point> points = new ArrayList<>();

    public void add(long step, double loss, double seconds) {
        points.add(new Point(step, loss, seconds));
    }

    /** The newest point; the history must not be empty. */
    public Point last() {
        return points.get(points.size() - 1);
    }

    public List<Point> points() {
        return List.copyOf(points);
    }

    /** Mean loss of the rounds that ended after step {@code lastStep - window}; NaN when empty. */
    public double meanOfLast(long window) {
        if (points.isEmpty()) {
            return Double.NaN;
        }
        long end = points.get(points.size() - 1).step();
        return points.stream().filter(p -> p.step() > end - window).mapToDouble(Point::loss).average().orElse(Double.NaN);
    }

    public String toCsv() {
        StringBuilder sb = new StringBuilder("step,loss,seconds\n");
        for (Point p : points) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.3f%n", p.step(), p.loss(), p.seconds()));
        }
        return sb.toString();
    }

    public static LossHistory fromCsv(String csv) {
        LossHistory h = new LossHistory();
        String[] lines = csv.split("\\R");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split(",");
            h.add(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        }
        return h;
    }
}
