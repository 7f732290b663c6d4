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
import static nanodiffusion.config.Settings.SAMPLE_STEPS;
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
        ConfigError.require(count >= 1, SAMPLE_COUNT, count, "must be >= 1");
        ConfigError.require(partitions >= 1, SAMPLE_PARTITIONS, partitions, "must be >= 1");
        ConfigError.require(dt > 0 && Double.isFinite(dt), SAMPLE_DT, dt, "must be a finite number > 0");
        ConfigError.require(gridPower >= 1 && Double.isFinite(gridPower), SAMPLE_GRID_POWER, gridPower,
                "must be a finite number >= 1 (1 = uniform steps, 2 = quadratic)");
        ConfigError.require(batchSize >= 1, SAMPLE_BATCH_SIZE, batchSize, "must be >= 1");
        ConfigError.require(rtol > 0 && rtol < 1, SAMPLE_RTOL, rtol, "must be in (0, 1)");
        ConfigError.require(atol > 0 && atol < 1, SAMPLE_ATOL, atol, "must be in (0, 1)");
        ConfigError.require(snr > 0 && Double.isFinite(snr), SAMPLE_SNR, snr, "must be a finite number > 0");
        ConfigError.require(fewStep != null, SAMPLE_STEPS, null, "must be set");
        ConfigError.require(maxCount >= 1, SAMPLE_MAX_COUNT, maxCount, "must be >= 1");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static SampleConfig read(SettingSource s) {
        return new SampleConfig(s.get(SAMPLE_COUNT), s.get(SAMPLE_PARTITIONS), s.get(SAMPLE_DT), s.get(SAMPLE_GRID_POWER),
                s.get(SAMPLE_BATCH_SIZE), s.get(SAMPLE_METHOD), s.get(SAMPLE_WEIGHTS), s.get(SAMPLE_ODE_SOLVER),
                s.get(SAMPLE_RTOL), s.get(SAMPLE_ATOL), s.get(SAMPLE_SNR), FewStepConfig.read(s), s.get(SAMPLE_MAX_COUNT));
    }

    /** These settings with the few-step steps on a band measured from the data ({@link FewStepConfig#withMeasuredBand}). */
    public SampleConfig withMeasuredBand(LogSnrBand band) {
        return new SampleConfig(count, partitions, dt, gridPower, batchSize, method, weights, odeSolver, rtol, atol, snr,
                fewStep.withMeasuredBand(band), maxCount);
    }

    /** Number of id blocks; every partition gets a contiguous run of whole blocks. */
    public long blocks() {
        return (count + batchSize - 1) / batchSize;
    }
}
