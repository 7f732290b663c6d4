package nanodiffusion.train;

import nanodiffusion.config.LrScheduleConfig;
import nanodiffusion.config.LrScheduleKind;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LearningRateTest {
    @Test
    void constantScheduleIsTheBaseRate() {
        LearningRate lr = new LearningRate(1e-3, LrScheduleConfig.CONSTANT, 100);
        assertEquals(1e-3, lr.at(0), 0);
        assertEquals(1e-3, lr.at(99), 0);
    }

    @Test
    void cosineRunsFromBaseToMinAfterLinearWarmup() {
        LearningRate lr = new LearningRate(1e-3, new LrScheduleConfig(LrScheduleKind.COSINE, 1e-5, 10, 1, 1), 111);
        assertEquals(1e-4, lr.at(0), 1e-15);   // (0 + 1) / 10 of the base
        assertEquals(1e-3, lr.at(9), 1e-15);   // end of warm-up
        assertEquals(1e-3, lr.at(10), 1e-15);  // cosine starts at the base
        assertEquals((1e-3 + 1e-5) / 2, lr.at(60), 1e-15); // half way: cos(pi/2) = 0
        assertEquals(1e-5, lr.at(110), 1e-15); // last step
    }

    @Test
    void stepScheduleMultipliesByTheFactorEveryPeriod() {
        LearningRate lr = new LearningRate(1e-3, new LrScheduleConfig(LrScheduleKind.STEP, 0, 0, 100, 0.5), 1000);
        assertEquals(1e-3, lr.at(99), 1e-15);
        assertEquals(5e-4, lr.at(100), 1e-15);
        assertEquals(2.5e-4, lr.at(250), 1e-15);
    }

    @Test
    void dl4jScheduleAgreesAndSurvivesJson() throws Exception {
        LearningRate lr = new LearningRate(1e-3, new LrScheduleConfig(LrScheduleKind.COSINE, 1e-5, 5, 1, 1), 200);
        ISchedule schedule = ScheduledLearningRate.of(lr);
        org.nd4j.linalg.learning.config.Adam adam = new org.nd4j.linalg.learning.config.Adam(schedule);
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = nanodiffusion.model.ScoreNetworkFactory.configuration(
                new nanodiffusion.config.ModelConfig(8, 3, nanodiffusion.config.ActivationKind.RELU), 2, adam, 1,
                org.nd4j.linalg.api.buffer.DataType.FLOAT);
        var back = org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        for (int step : new int[] {0, 3, 5, 77, 199}) {
            assertEquals(lr.at(step), schedule.valueAt(step, 0), 0);
        }
    }
}
