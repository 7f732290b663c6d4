package nanodiffusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import nanodiffusion.bench.BenchRun;
import nanodiffusion.bench.Benchmarks;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.TrainModeKind;
import nanodiffusion.hardware.MachineReport;
import nanodiffusion.io.BuildInfo;
import nanodiffusion.pipeline.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** bench: times training and sampling after warm-up, prints a table and writes JSON. Not part of the tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
                "  submit/local.sh bench --conf conf/reference.conf --workers 1,2 --averaging 1,10",
                "  submit/local.sh bench --json bench.json --skip-sampling"},
        description = "Benchmark a single-JVM training step, training throughput per training mode over workers and "
                + "averaging frequency (local[N] sessions, or the cluster under spark-submit) with the fitted cost of "
                + "an averaging round and a projection to more workers, and distributed sampling; prints a table and "
                + "writes JSON.")
final class BenchCommand implements Callable<Integer> {
    /** A training mode by its config name. */
    static final class TrainModeConverter implements picocli.CommandLine.ITypeConverter<TrainModeKind> {
        @Override
        public TrainModeKind convert(String value) {
            return nanodiffusion.config.ConfigChoice.parse(TrainModeKind.class, "--modes", value);
        }
    }

    @Mixin
    SettingsOptions settings;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results here as JSON (must not exist).")
    File json;

    @Option(names = "--workers", split = ",", paramLabel = "N", description = "Worker counts: local[N] sessions, or train.workers on spark-submit's cluster (default: 1,2).")
    List<Integer> workers = List.of(1, 2);

    @Option(names = "--averaging", split = ",", paramLabel = "K", description = "Averaging frequencies (default: 1,5,10,20).")
    List<Integer> averaging = List.of(1, 5, 10, 20);

    @Option(names = "--steps", description = "Training steps per timed Spark run (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--repeats", description = "Timed repetitions per case (default: ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--modes", split = ",", paramLabel = "MODE", description = "Training modes, side by side "
            + "(default: parameter-averaging,dl4j-parameter-averaging).",
            converter = TrainModeConverter.class)
    List<TrainModeKind> modes = List.of(TrainModeKind.PARAMETER_AVERAGING, TrainModeKind.DL4J_PARAMETER_AVERAGING);

    @Option(names = "--skip-sampling", description = "Leave out the sampling case.")
    boolean skipSampling;

    @Override
    public Integer call() throws IOException {
        if (json != null && json.exists()) {
            throw new UserError(json + " already exists; choose another --json file");
        }
        RunConfig base = settings.config();
        nanodiffusion.hardware.BlasCore.logChoice();
        Benchmarks bench = new Benchmarks(base, repeats, steps);
        String master = System.getProperty("spark.master", "local");
        BenchRun run = new BenchRun(bench, new BenchRun.Plan(workers, averaging, modes, !skipSampling))
                .run(master.startsWith("local") ? null : master);
        MachineReport machine = MachineReport.current();
        int k = base.train().averagingFrequency();
        System.out.println(machine.describe());
        System.out.println(run.describe(machine, k));
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("config", base.asFlatMap());
            doc.put("versions", BuildInfo.versions(org.apache.spark.package$.MODULE$.SPARK_VERSION()));
            doc.put("git_commit", BuildInfo.gitCommit());
            doc.put("machine", machine.asJson());
            doc.putAll(run.asJson(machine, k));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, doc);
        }
        return 0;
    }
}
