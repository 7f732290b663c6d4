package nanodiffusion.pipeline;

import nanodiffusion.config.RunConfig;
import nanodiffusion.hardware.MachineReport;
import nanodiffusion.io.BuildInfo;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and with what a run ran, as run.json records it at its top (the full config, seed, versions, commit and the
 * driver's machine), and a stage's achieved rate beside the machine's peak.
 */
public final class Provenance {
    private final SparkSession spark;
    private MachineReport machine;

    Provenance(SparkSession spark) {
        this.spark = spark;
    }

    /** run.json's top-level keys for a run of {@code config}. */
    public Map<String, Object> header(RunConfig config) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("config", config.asFlatMap());
        top.put("seed", config.seed());
        top.put("versions", BuildInfo.versions(spark.version()));
        top.put("git_commit", BuildInfo.gitCommit());
        top.put("machine", machine().asJson());
        return top;
    }

    /** The driver's CPU, BLAS library and core type (see MachineReport), read once ND4J has been loaded. */
    public MachineReport machine() {
        if (machine == null || machine.blas().isEmpty()) {
            machine = MachineReport.current();
        }
        return machine;
    }

    /**
     * A stage's achieved GFLOP/s on {@code tasks} parallel tasks; in local mode next to the peak of the cores they
     * ran on (see MachineReport), on a cluster alone (the executors' CPUs are not the driver's).
     */
    public Map<String, Object> rate(double gflops, int tasks) {
        if (!spark.sparkContext().isLocal()) {
            return Map.of("gflops", gflops, "tasks", tasks);
        }
        MachineReport m = machine();
        return m.rate(gflops, Math.min(tasks, m.cpu().cores()));
    }
}
