package nanodiffusion.bench;

import nanodiffusion.config.TrainModeKind;
import nanodiffusion.hardware.MachineReport;
import nanodiffusion.hardware.NativeMathPlugin;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One benchmark run: the single-JVM cases, then each training mode over each worker count and averaging frequency,
 * then sampling. Outside spark-submit each worker count gets its own local[N] session; under spark-submit to a
 * cluster the one session's executors are used and a worker count is train.workers. Afterwards, per mode, the fit
 * of step and round cost ({@link ScalingFit}) and the parallel efficiency at each averaging frequency.
 */
public final class BenchRun {
    /** Worker counts the scaling fit is projected to. */
    static final int[] PROJECTED = {8, 16, 32, 64, 128};

    /** What to run. */
    public record Plan(List<Integer> workers, List<Integer> averaging, List<TrainModeKind> modes,
                       boolean sampling) {
    }

    private record TrainingCase(TrainModeKind mode, int workers, int averaging, Measurement measurement,
                                Optional<Measurement> roundWait) {
    }

    private final Benchmarks bench;
    private final Plan plan;
    private final List<Measurement> results = new ArrayList<>();
    private final List<TrainingCase> training = new ArrayList<>();

    public BenchRun(Benchmarks bench, Plan plan) {
        this.bench = bench;
        this.plan = plan;
    }

    /** Runs every case; {@code clusterMaster} is spark-submit's non-local master, or null for local[N] sessions. */
    public BenchRun run(String clusterMaster) {
        results.add(bench.singleJvmStep(true));
        results.add(bench.singleJvmStep(false));
        results.add(bench.dataGeneration());
        if (clusterMaster != null) {
            SparkSession spark = session(new SparkConf());
            try {
                for (int w : plan.workers()) {
                    training(spark, w);
                }
                sampling(spark);
            } finally {
                spark.stop();
            }
            return this;
        }
        for (int w : plan.workers()) {
            SparkSession spark = session(new SparkConf().setMaster("local[" + w + "]"));
            try {
                training(spark, w);
                if (w == plan.workers().get(plan.workers().size() - 1)) {
                    sampling(spark);
                }
            } finally {
                spark.stop();
            }
        }
        return this;
    }

    private static SparkSession session(SparkConf conf) {
        conf.setAppName("nano-diffusion bench").set("spark.ui.enabled", "false");
        NativeMathPlugin.register(conf);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    private void training(SparkSession spark, int workers) {
        for (TrainModeKind mode : plan.modes()) {
            for (int k : plan.averaging()) {
                Benchmarks.TrainingMeasurement m = bench.sparkTraining(spark, mode, workers, k);
                results.add(m.throughput());
                m.roundWait().ifPresent(results::add);
                training.add(new TrainingCase(mode, workers, k, m.throughput(), m.roundWait()));
            }
        }
    }

    private void sampling(SparkSession spark) {
        if (plan.sampling()) {
            results.add(bench.sparkSampling(spark));
        }
    }

    /**
     * Per mode, step work and round cost over the measured worker counts: a mode whose workers report their wait
     * per round is fitted from it, another from its step times over the averaging frequencies.
     */
    public Map<TrainModeKind, ScalingFit> fits() {
        Map<TrainModeKind, ScalingFit> fits = new LinkedHashMap<>();
        for (TrainModeKind mode : plan.modes()) {
            Map<Integer, Map<Integer, Double>> ms = new TreeMap<>();
            Map<Integer, Map<Integer, Double>> waits = new TreeMap<>();
            training.stream().filter(c -> c.mode() == mode).forEach(c -> {
                ms.computeIfAbsent(c.workers(), w -> new TreeMap<>()).put(c.averaging(),
                        bench.msPerStep(c.measurement()));
                c.roundWait().ifPresent(r -> waits.computeIfAbsent(c.workers(), w -> new TreeMap<>())
                        .put(c.averaging(), r.median()));
            });
            fits.put(mode, waits.isEmpty() ? ScalingFit.of(ms) : ScalingFit.measured(ms, waits));
        }
        return fits;
    }

    /**
     * Parallel efficiency samples/s(N) / (N samples/s(1)) for each mode, averaging frequency and worker count
     * above one; empty when one worker was not measured.
     */
    public List<Map<String, Object>> efficiencies() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrainingCase c : training) {
            if (c.workers() == 1) {
                continue;
            }
            training.stream().filter(o -> o.workers() == 1 && o.mode() == c.mode() && o.averaging() == c.averaging())
                    .findFirst().ifPresent(one -> {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("mode", c.mode().configName());
                        e.put("averaging", c.averaging());
                        e.put("workers", c.workers());
                        e.put("efficiency", c.measurement().median() / (c.workers() * one.measurement().median()));
                        out.add(e);
                    });
        }
        return out;
    }

    public List<Measurement> results() {
        return results;
    }

    /** The results table, the efficiencies and the per-mode fits, as printed. */
    public String describe(MachineReport machine, int averaging) {
        StringBuilder sb = new StringBuilder(BenchTable.of(bench, results, machine));
        for (Map<String, Object> e : efficiencies()) {
            sb.append(String.format(Locale.ROOT, "parallel efficiency %s, averaging every %s, %s workers: %.2f%n",
                    e.get("mode"), e.get("averaging"), e.get("workers"), (Double) e.get("efficiency")));
        }
        fits().forEach((mode, fit) -> {
            if (!fit.isEmpty()) {
                sb.append(fit.describe("round cost, " + mode.configName() + ":", averaging, PROJECTED));
            }
        });
        return sb.toString();
    }

    public Map<String, Object> asJson(MachineReport machine, int averaging) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("results", results.stream().map(r -> BenchTable.withRate(bench, r, machine)).toList());
        m.put("parallel_efficiency", efficiencies());
        Map<String, Object> fits = new LinkedHashMap<>();
        fits().forEach((mode, fit) -> fits.put(mode.configName(), fit.asJson(averaging, PROJECTED)));
        m.put("round_cost", fits);
        return m;
    }
}
