package nanodiffusion.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the training cases say about the cost of averaging. Per worker count, the measured milliseconds per global
 * step at averaging frequencies k are fitted by least squares to
 * <pre>  ms(k) = c + r / k</pre>
 * c being the step's own work (training and drawing data, in parallel over the workers) and r the cost of one
 * averaging round (or, where the workers measure it, r is their wait per round). Across worker counts N,
 * r(N) = a + b N is fitted the same way (the driver exchanges each worker's parameters every round, so the round's
 * cost grows with N; a fitted a or b below 0, which noise can give, is taken as 0). Projected to N workers:
 * <ul>
 *   <li>the same global batch: with C = mean of N c(N), the work of one step on one worker, a step takes
 *   C / N + r(N) / k;</li>
 *   <li>the same batch per worker (the global batch grows with N, as the large-batch recipe does): a step takes
 *   c + r(N) / k with c the step's work at the largest measured N, and N workers draw N times the samples.</li>
 * </ul>
 */
public final class ScalingFit {
    /** One worker count's fit: per-step work and per-round cost in milliseconds. */
    public record PerWorkers(int workers, double stepMillis, double roundMillis) {
    }

    /**
     * One projected worker count: milliseconds per global step and parallel efficiency against one worker, for the
     * same global batch and for the same batch per worker.
     */
    public record Projection(int workers, double msPerStep, double efficiency, double msPerStepSameShard,
                             double efficiencySameShard) {
    }

    private final List<PerWorkers> fits;
    private final double a;
    private final double b;
    private final double oneWorkerStep;

    private ScalingFit(List<PerWorkers> fits) {
        this.fits = List.copyOf(fits);
        double[] line = line(fits.stream().mapToDouble(PerWorkers::workers).toArray(),
                fits.stream().mapToDouble(PerWorkers::roundMillis).toArray());
        double slope = Math.max(0, line[1]);
        double mean = fits.stream().mapToDouble(PerWorkers::roundMillis).average().orElse(Double.NaN);
        double meanN = fits.stream().mapToDouble(PerWorkers::workers).average().orElse(Double.NaN);
        double intercept = line[1] < 0 ? mean : mean - slope * meanN;
        if (intercept < 0) { // keep the line through the measured mean, with a = 0
            slope = mean / meanN;
            intercept = 0;
        }
        this.a = intercept;
        this.b = slope;
        this.oneWorkerStep = fits.stream().mapToDouble(f -> f.workers() * f.stepMillis()).average().orElse(Double.NaN);
    }

    /**
     * @param msPerStep worker count -> (averaging frequency -> measured ms per global step); worker counts measured at
     *                  fewer than two frequencies are left out
     */
    public static ScalingFit of(Map<Integer, Map<Integer, Double>> msPerStep) {
        List<PerWorkers> fits = new ArrayList<>();
        for (Map.Entry<Integer, Map<Integer, Double>> e : new TreeMap<>(msPerStep).entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            double[] x = e.getValue().keySet().stream().mapToDouble(k -> 1.0 / k).toArray();
            double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
            double[] line = line(x, y);
            fits.add(new PerWorkers(e.getKey(), line[0], line[1]));
        }
        return new ScalingFit(fits);
    }

    /**
     * Round cost as measured: per worker count the mean over averaging frequencies of the workers' wait per round
     * r, and the step's work c = ms(k) - r / k averaged over the frequencies.
     */
    public static ScalingFit measured(Map<Integer, Map<Integer, Double>> msPerStep,
                                      Map<Integer, Map<Integer, Double>> waitPerRound) {
        List<PerWorkers> fits = new ArrayList<>();
        for (Map.Entry<Integer, Map<Integer, Double>> e : new TreeMap<>(waitPerRound).entrySet()) {
            double r = e.getValue().values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double c = msPerStep.get(e.getKey()).entrySet().stream().mapToDouble(s -> s.getValue() - r / s.getKey())
                    .average().orElse(Double.NaN);
            fits.add(new PerWorkers(e.getKey(), c, r));
        }
        return new ScalingFit(fits);
    }

    public List<PerWorkers> fits() {
        return fits;
    }

    public boolean isEmpty() {
        return fits.isEmpty();
    }

    /** r(N) = a + b N from the measured worker counts (a constant with one count). */
    public double roundMillis(int workers) {
        return a + b * workers;
    }

    /** Projected step time and efficiency for {@code workers} at averaging frequency {@code k}. */
    public Projection project(int workers, int k) {
        double ms = oneWorkerStep / workers + roundMillis(workers) / k;
        double single = oneWorkerStep + roundMillis(1) / k;
        PerWorkers largest = fits.get(fits.size() - 1);
        double shardMs = largest.stepMillis() + roundMillis(workers) / k;
        double shardSingle = largest.stepMillis() + roundMillis(1) / k;
        return new Projection(workers, ms, single / (workers * ms), shardMs, shardSingle / shardMs);
    }

    /** Least squares y = p0 + p1 x; with one distinct x, the mean and slope 0. */
    static double[] line(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        return new double[] {my - slope * mx, slope};
    }

    /** The fits and a projection to {@code projected} worker counts, as printed lines. */
    public String describe(String title, int k, int[] projected) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (PerWorkers f : fits) {
            sb.append(String.format(Locale.ROOT, "  %3d workers: %.2f ms of work per step + %.1f ms per averaging round%n",
                    f.workers(), f.stepMillis(), f.roundMillis()));
        }
        sb.append(String.format(Locale.ROOT, "  round cost r(N) = %.2f + %.3f N ms; one worker's step C = %.2f ms%n", a, b,
                oneWorkerStep));
        sb.append(String.format(Locale.ROOT, "  projection at averaging every %d, workers: ms per step (efficiency) "
                + "with the same global batch | with the same batch per worker%n", k));
        for (int n : projected) {
            Projection p = project(n, k);
            sb.append(String.format(Locale.ROOT, "  %5d: %8.2f (%.2f) | %8.2f (%.2f)%n", n, p.msPerStep(),
                    p.efficiency(), p.msPerStepSameShard(), p.efficiencySameShard()));
        }
        return sb.toString();
    }

    public Map<String, Object> asJson(int k, int[] projected) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fits", fits);
        m.put("round_ms_intercept", a);
        m.put("round_ms_per_worker", b);
        m.put("one_worker_step_ms", oneWorkerStep);
        List<Projection> p = new ArrayList<>();
        for (int n : projected) {
            p.add(project(n, k));
        }
        m.put("averaging_frequency", k);
        m.put("projection", p);
        return m;
    }
}
