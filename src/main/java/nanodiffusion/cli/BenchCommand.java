package nanodiffusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import nanodiffusion.bench.Benchmarks;
import nanodiffusion.bench.Measurement;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import nanodiffusion.io.BuildInfo;
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
            SparkSession spark = SparkSession.builder().master("local[" + w + "]").appName("nano-diffusion bench")
                    .config("spark.ui.enabled", "false").getOrCreate();
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
        System.out.println(table(bench, results));
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("config", base.asFlatMap());
            doc.put("versions", BuildInfo.versions(org.apache.spark.package$.MODULE$.SPARK_VERSION()));
            doc.put("git_commit", BuildInfo.gitCommit());
            doc.put("cores", Runtime.getRuntime().availableProcessors());
            doc.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
            doc.put("results", results.stream().map(Measurement::asJson).toList());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, doc);
        }
        return 0;
    }

    private static String table(Benchmarks bench, List<Measurement> results) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-62s %12s %12s %12s  %-9s %9s %8s%n",
                "case", "median", "min", "max", "unit", "ms/step", "GFLOP/s"));
        for (Measurement m : results) {
            boolean throughput = m.unit().equals("samples/s");
            sb.append(String.format(Locale.ROOT, "%-62s %12.2f %12.2f %12.2f  %-9s %9s %8s%n", m.name(), m.median(),
                    m.min(), m.max(), m.unit(),
                    throughput ? String.format(Locale.ROOT, "%.1f", bench.msPerStep(m)) : "",
                    throughput ? String.format(Locale.ROOT, "%.1f", bench.trainingGflops(m.median()))
                            : (Double.isNaN(m.gflops()) ? "" : String.format(Locale.ROOT, "%.1f", m.gflops()))));
        }
        return sb.toString();
    }
}
