package nanodiffusion.ml;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed setters and getters are the settings' own Params: same defaults, same values, same checks. */
class TypedSettersTest {
    @Test
    void gettersReadTheDefaultsFileUntilSet() {
        DiffusionEstimator est = new DiffusionEstimator();
        assertEquals(20000, est.getSteps());
        assertEquals(5000, est.getBatchSize());
        assertEquals(1e-3, est.getLearningRate());
        assertEquals(128, est.getWidth());
        assertEquals(6, est.getDepth());
        assertEquals("sde-dpm-solver++", est.getSampler());
        assertEquals(200, est.getSampleSteps());
        assertEquals(0L, est.getSeed());
    }

    @Test
    void aTypedSetterSetsTheSettingsParam() {
        DiffusionEstimator est = new DiffusionEstimator().setSteps(2000).setBatchSize(1000).setLearningRate(2e-3)
                .setWidth(64).setDepth(4).setSampler("ode").setSampleSteps(50).setSeed(7);
        assertSame(est.setting("train.steps"), est.steps());
        assertEquals(2000, (int) est.getOrDefault(est.<Integer>setting("train.steps")));
        assertEquals(1000, (int) est.getOrDefault(est.<Integer>setting("train.batchSize")));
        assertEquals(2e-3, (double) est.getOrDefault(est.<Double>setting("train.lr")));
        assertEquals(64, (int) est.getOrDefault(est.<Integer>setting("model.width")));
        assertEquals(4, (int) est.getOrDefault(est.<Integer>setting("model.depth")));
        assertEquals("ode", est.getOrDefault(est.<String>setting("sample.method")));
        assertEquals(50, (int) est.getOrDefault(est.<Integer>setting("sample.steps")));
        assertEquals(7L, (long) est.getOrDefault(est.<Long>setting("seed")));
        assertEquals(est.setSetting("train.steps", 2500).getSteps(), 2500, "setSetting and getSteps share the Param");
    }

    @Test
    void aTypedSetterRefusesWhatTheSettingRefuses() {
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class,
                () -> new DiffusionEstimator().setLearningRate(-1));
        IllegalArgumentException keyed = assertThrows(IllegalArgumentException.class,
                () -> new DiffusionEstimator().setSetting("train.lr", -1));
        assertTrue(typed.getMessage().contains("train.lr") && typed.getMessage().contains("-1"), typed.getMessage());
        assertEquals(keyed.getMessage().replaceAll("diffusion_\\w+", "uid"),
                typed.getMessage().replaceAll("diffusion_\\w+", "uid"));
        assertThrows(IllegalArgumentException.class, () -> new DiffusionEstimator().setSampler("euler"));
    }

    @Test
    void aFittedModelTakesTheSamplingSettersOnly() {
        // the model side is the same interface: its sampling setters reach the model's own Params
        assertTrue(SamplingSettings.class.isAssignableFrom(DiffusionModel.class));
        assertTrue(!TrainingSettings.class.isAssignableFrom(DiffusionModel.class),
                "training settings are decided by the fit");
    }
}
