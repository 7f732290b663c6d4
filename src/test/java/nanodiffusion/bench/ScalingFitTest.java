package nanodiffusion.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScalingFitTest {
    @Test
    void recoversStepWorkAndRoundCostFromStepTimesOverAveragingFrequencies() {
        // ms(k) = c + r / k exactly: c = 8 / N, r = 2 + 3 N
        Map<Integer, Map<Integer, Double>> ms = Map.of(
                1, Map.of(1, 8.0 + 5, 10, 8.0 + 0.5, 20, 8.0 + 0.25),
                2, Map.of(1, 4.0 + 8, 10, 4.0 + 0.8, 20, 4.0 + 0.4));
        ScalingFit fit = ScalingFit.of(ms);
        // exact data: only double rounding separates the fit from the generating line
        assertEquals(8.0, fit.fits().get(0).stepMillis(), 1e-9);
        assertEquals(5.0, fit.fits().get(0).roundMillis(), 1e-9);
        assertEquals(4.0, fit.fits().get(1).stepMillis(), 1e-9);
        assertEquals(8.0, fit.fits().get(1).roundMillis(), 1e-9);
        assertEquals(2 + 3 * 64, fit.roundMillis(64), 1e-9);
    }

    @Test
    void projectsStepTimeAndEfficiencyForTheSameGlobalBatchAndTheSameBatchPerWorker() {
        ScalingFit fit = ScalingFit.measured(Map.of(1, Map.of(10, 8.5), 2, Map.of(10, 4.8)),
                Map.of(1, Map.of(10, 5.0), 2, Map.of(10, 8.0)));
        // c(1) = 8.5 - 0.5 = 8, c(2) = 4.8 - 0.8 = 4, so C = 8; r(N) = 2 + 3N
        ScalingFit.Projection p = fit.project(8, 10);
        assertEquals(8.0 / 8 + (2 + 24) / 10.0, p.msPerStep(), 1e-9);
        assertEquals((8 + 0.5) / (8 * p.msPerStep()), p.efficiency(), 1e-9);
        assertEquals(4.0 + 2.6, p.msPerStepSameShard(), 1e-9);
        assertEquals((4.0 + 0.5) / 6.6, p.efficiencySameShard(), 1e-9);
    }

    @Test
    void aRoundCostThatNoiseMakesFallWithMoreWorkersIsTakenAsFlat() {
        ScalingFit fit = ScalingFit.measured(Map.of(1, Map.of(10, 9.0), 2, Map.of(10, 5.0)),
                Map.of(1, Map.of(10, 6.0), 2, Map.of(10, 4.0)));
        assertEquals(5.0, fit.roundMillis(1), 1e-12);
        assertEquals(5.0, fit.roundMillis(128), 1e-12);
    }
}
