package nanodiffusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import nanodiffusion.bench.Benchmarks;
import nanodiffusion.bench.Measurement;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import nanodiffusion.hardware.MachineReport;
import nanodiffusion.hardware.NativeMathPlugin;
import nanodiffusion.io.BuildInfo;
import nanodiffusion.pipeline.UserError;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** bench: times training and sampling after warm-up, prints a table and writes JSON. Not part of the tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a single-JVM training step, Spark local[N] training throughput over workers and "
                + "averaging frequency, and distributed sampling; prints a table and writes JSON.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--conf", paramLabel = "FILE", description = "Settings file (default: conf/nanodiffusion.conf if present).")
    File conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results here as JSON (must not exist).")
    File json;

    @Option(names = "--workers", split = ",", paramLabel = "N", description = "Worker counts: local[N] sessions (default: 1,2).")
    List<Integer> workers = List.of(1, 2);

    @Option(names = "--averaging", split = ",", paramLabel = "K", description = "Averaging frequencies (default: 1,5,10,20).")
    List<Integer> averaging = List.of(1, 5, 10, 20);

    @Option(names = "--steps", description = "Training steps per timed Spark run (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--repeats", description = "Timed repetitions per case (default: ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--skip-sampling", description = "Leave out the sampling case.")
    boolean skipSampling;

    @Override
    public Integer call() throws IOException {
        if (json != null && json.exists()) {
            throw new UserError(json + " already exists; choose another --json file");
        }
        RunConfig base = ConfigLoader.load(conf != null ? conf : (Commands.Common.DEFAULT_CONF.isFile()
                ? Commands.Common.DEFAULT_CONF : null), overrides);
        Benchmarks bench = new Benchmarks(base, repeats, steps);
        List<Measurement> results = new ArrayList<>();
        results.add(bench.singleJvmStep(true));
        results.add(bench.singleJvmStep(false));
        results.add(bench.dataGeneration());
        for (int w : workers) {
            SparkConf conf = new SparkConf().setMaster("local[" + w + "]").setAppName("nano-diffusion bench")
                    .set("spark.ui.enabled", "false");
            NativeMathPlugin.register(conf);
            SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
            try {
                for (int k : averaging) {
                    results.add(bench.sparkTraining(spark, w, k));
                }
                if (!skipSampling && w == workers.get(workers.size() - 1)) {
                    results.add(bench.sparkSampling(spark));
                }
            } finally {
                spark.stop();
            }
        }
        MachineReport machine = MachineReport.current();
        System.out.println(machine.describe());
        System.out.println(table(bench, results, machine));
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("config", base.asFlatMap());
            doc.put("versions", BuildInfo.versions(org.apache.spark.package$.MODULE$.SPARK_VERSION()));
            doc.put("git_commit", BuildInfo.gitCommit());
            doc.put("machine", machine.asJson());
            doc.put("results", results.stream().map(m -> withRate(bench, m, machine)).toList());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, doc);
        }
        return 0;
    }

    /** A case's achieved GFLOP/s at its median, NaN when it has no FLOP count. */
    private static double gflops(Benchmarks bench, Measurement m) {
        return m.unit().equals("samples/s") ? bench.trainingGflops(m.median()) : m.gflops();
    }

    private static Map<String, Object> withRate(Benchmarks bench, Measurement m, MachineReport machine) {
        Map<String, Object> json = new LinkedHashMap<>(m.asJson());
        double g = gflops(bench, m);
        if (!Double.isNaN(g)) {
            json.put("rate", machine.rate(g, m.cores()));
        }
        return json;
    }

    private static String table(Benchmarks bench, List<Measurement> results, MachineReport machine) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-62s %12s %12s %12s  %-9s %9s %8s %7s%n",
                "case", "median", "min", "max", "unit", "ms/step", "GFLOP/s", "% peak"));
        for (Measurement m : results) {
            double peak = machine.peakGflops(m.cores()); // of the cores the case runs on
            boolean throughput = m.unit().equals("samples/s");
            double g = gflops(bench, m);
            sb.append(String.format(Locale.ROOT, "%-62s %12.2f %12.2f %12.2f  %-9s %9s %8s %7s%n", m.name(), m.median(),
                    m.min(), m.max(), m.unit(),
                    throughput ? String.format(Locale.ROOT, "%.1f", bench.msPerStep(m)) : "",
                    Double.isNaN(g) ? "" : String.format(Locale.ROOT, "%.1f", g),
                    Double.isNaN(g) ? "" : String.format(Locale.ROOT, "%.1f", 100 * g / peak)));
        }
        return sb.toString();
    }
}
