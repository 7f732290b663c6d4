package nanodiffusion.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainSummaryTest {
    private static LossHistory history(int steps) {
        LossHistory h = new LossHistory();
        for (int s = 1; s <= steps; s++) {
            h.add(s, s, s * 0.01); // loss = step, so the window's mean says which steps it covered
        }
        return h;
    }

    @Test
    void aShortRunsFinalLossAveragesAndIsNamedByAllItsSteps() {
        TrainSummary s = TrainSummary.of(history(10), 0, 10, 100, 1.0);
        assertEquals(10, s.finalLossSteps());
        assertEquals(5.5, s.finalLoss(), 1e-12); // mean of 1..10
    }

    @Test
    void aResumeThatTrainedNoStepHasNoRate() {
        assertEquals(2000.0, TrainSummary.of(history(10), 5, 10, 100, 0.25).samplesPerSecond(), 1e-9); // 500 in 0.25 s
        assertTrue(Double.isNaN(TrainSummary.of(history(10), 10, 10, 100, 0.25).samplesPerSecond()));
    }

    @Test
    void aLongRunsFinalLossIsTheMeanOfItsLastThousandSteps() {
        TrainSummary s = TrainSummary.of(history(2500), 0, 2500, 100, 1.0);
        assertEquals(1000, s.finalLossSteps());
        assertEquals(2000.5, s.finalLoss(), 1e-9); // mean of 1501..2500
    }
}
