package nanodiffusion.config;

import static nanodiffusion.config.Settings.SAMPLE_ATOL;
import static nanodiffusion.config.Settings.SAMPLE_BATCH_SIZE;
import static nanodiffusion.config.Settings.SAMPLE_COUNT;
import static nanodiffusion.config.Settings.SAMPLE_DT;
import static nanodiffusion.config.Settings.SAMPLE_GRID_POWER;
import static nanodiffusion.config.Settings.SAMPLE_MAX_COUNT;
import static nanodiffusion.config.Settings.SAMPLE_METHOD;
import static nanodiffusion.config.Settings.SAMPLE_ODE_SOLVER;
import static nanodiffusion.config.Settings.SAMPLE_PARTITIONS;
import static nanodiffusion.config.Settings.SAMPLE_RTOL;
import static nanodiffusion.config.Settings.SAMPLE_SNR;
import static nanodiffusion.config.Settings.SAMPLE_WEIGHTS;

/**
 * Distributed sampling: {@code count} samples in fixed blocks of {@code batchSize} ids, the blocks spread over
 * {@code partitions} Spark partitions, drawn by {@code method} from t = T down to 0 using the {@code weights}
 * parameters; the fixed-step methods take N = T / {@code dt} steps at the times t_k = T (k / N)^{@code gridPower}
 * (1: uniform, 2: quadratic). {@code snr} is the Langevin corrector's signal-to-noise ratio,
 * {@code rtol}/{@code atol} the adaptive ODE solver's tolerances.
 */
public record SampleConfig(long count, int partitions, double dt, double gridPower, int batchSize,
                           SamplerKind method, WeightsKind weights, OdeSolverKind odeSolver, double rtol, double atol,
                           double snr, FewStepConfig fewStep, long maxCount)
        implements java.io.Serializable {
    public SampleConfig {
        ConfigError.require(count >= 1, "sample.count", count, "must be >= 1");
        ConfigError.require(partitions >= 1, "sample.partitions", partitions, "must be >= 1");
        ConfigError.require(dt > 0 && Double.isFinite(dt), "sample.dt", dt, "must be a finite number > 0");
        ConfigError.require(gridPower >= 1 && Double.isFinite(gridPower), "sample.gridPower", gridPower,
                "must be a finite number >= 1 (1 = uniform steps, 2 = quadratic)");
        ConfigError.require(batchSize >= 1, "sample.batchSize", batchSize, "must be >= 1");
        ConfigError.require(rtol > 0 && rtol < 1, "sample.rtol", rtol, "must be in (0, 1)");
        ConfigError.require(atol > 0 && atol < 1, "sample.atol", atol, "must be in (0, 1)");
        ConfigError.require(snr > 0 && Double.isFinite(snr), "sample.snr", snr, "must be a finite number > 0");
        ConfigError.require(fewStep != null, "sample.steps", null, "must be set");
        ConfigError.require(maxCount >= 1, "sample.maxCount", maxCount, "must be >= 1");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static SampleConfig read(SettingSource s) {
        return new SampleConfig(s.get(SAMPLE_COUNT), s.get(SAMPLE_PARTITIONS), s.get(SAMPLE_DT), s.get(SAMPLE_GRID_POWER),
                s.get(SAMPLE_BATCH_SIZE), s.get(SAMPLE_METHOD), s.get(SAMPLE_WEIGHTS), s.get(SAMPLE_ODE_SOLVER),
                s.get(SAMPLE_RTOL), s.get(SAMPLE_ATOL), s.get(SAMPLE_SNR), FewStepConfig.read(s), s.get(SAMPLE_MAX_COUNT));
    }

    /** Number of id blocks; every partition gets a contiguous run of whole blocks. */
    public long blocks() {
        return (count + batchSize - 1) / batchSize;
    }
}
