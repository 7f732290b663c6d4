package nanodiffusion.ml;

import nanodiffusion.config.Settings;
import org.apache.spark.ml.param.Param;

/**
 * Typed setters and getters for the sampling settings users tune most, on the estimator and on a fitted model
 * alike: each is the Param of its config key ({@code setSampler("ode")} is {@code setSetting("sample.method",
 * "ode")}, checked the same way).
 */
public interface SamplingSettings<S> {
    /** Sets one setting by its config key. */
    S setSetting(String key, Object value);

    /** The Param of a setting by its config key. */
    <T> Param<T> setting(String key);

    /** The value set, else the default (Spark's {@code Params.getOrDefault}). */
    <T> T getOrDefault(Param<T> param);

    /** The sampler ({@code sample.method}: sde-dpm-solver++, em, pc, ode, ddim, ...). */
    default S setSampler(String value) {
        return setSetting(Settings.SAMPLE_METHOD.key(), value);
    }

    default String getSampler() {
        return getOrDefault(sampler());
    }

    default Param<String> sampler() {
        return setting(Settings.SAMPLE_METHOD.key());
    }

    /**
     * Network evaluations per sample of the multistep and few-step samplers ({@code sample.steps}: the default
     * sde-dpm-solver++, dpm-solver++, ddim, edm-heun); em, pc and ode step by {@code sample.dt} instead.
     */
    default S setSampleSteps(int value) {
        return setSetting(Settings.SAMPLE_STEPS.key(), value);
    }

    default int getSampleSteps() {
        return getOrDefault(sampleSteps());
    }

    default Param<Integer> sampleSteps() {
        return setting(Settings.SAMPLE_STEPS.key());
    }

    /** The root seed of every random stream ({@code seed}). */
    default S setSeed(long value) {
        return setSetting(Settings.SEED.key(), value);
    }

    default long getSeed() {
        return getOrDefault(seed());
    }

    default Param<Long> seed() {
        return setting(Settings.SEED.key());
    }
}
