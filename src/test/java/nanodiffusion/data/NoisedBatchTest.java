package nanodiffusion.data;

import nanodiffusion.config.InputScaleKind;
import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.config.TimeInputKind;
import nanodiffusion.sde.ScoreParametrisation;
import nanodiffusion.sde.TimeDensity;
import nanodiffusion.sde.VeSde;
import nanodiffusion.sde.VpSde;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NoisedBatchTest {
    private final VpSde schedule = new VpSde(0.1, 20, 1);
    private final RingDistribution ring = new RingDistribution(200);

    @Test
    void parametrisationChangesOnlyTheTimeInputAndLossFactorOfTheSameDraws() {
        ScoreParametrisation seed = ScoreParametrisation.seed(schedule);
        ScoreParametrisation other = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR, schedule);
        NoisedBatch a = NoisedBatch.draw(ring, seed, RandomStreams.open(5, RandomStreams.Domain.TRAIN, 0, 0), 50);
        NoisedBatch b = NoisedBatch.draw(ring, other, RandomStreams.open(5, RandomStreams.Domain.TRAIN, 0, 0), 50);
        for (int i = 0; i < 50; i++) {
            int f = 3 * i;
            int g = 3 * i;
            double t = a.features()[f + 2];
            assertEquals(a.features()[f], b.features()[f], 0);
            assertEquals(a.features()[f + 1], b.features()[f + 1], 0);
            assertEquals(a.targets()[g], b.targets()[g], 0);
            assertEquals(a.targets()[g + 1], b.targets()[g + 1], 0);
            assertEquals((float) schedule.sigma(t), a.targets()[g + 2], 1e-6);
            // t went through float in a's features; the log-SNR input then through float in b's
            assertEquals(other.timeFeature(t), b.features()[f + 2], 1e-4);
            assertEquals(-1, b.targets()[g + 2], 0);
        }
    }

    @Test
    void slicedTargetsAreTheProjectionsTheLossFactorAndSigmaScaledByTheRootOfTheWeightThenTheDifferenceStep() {
        // the seed's parametrisation: its time input is t, so sigma(t) can be recomputed from the features
        ScoreParametrisation seed = ScoreParametrisation.seed(schedule);
        int n = 20000;
        int m = 3;
        NoisedBatch dsm = NoisedBatch.draw(ring, new TrainingNoise(seed, TimeDensity.uniform(schedule), 0),
                RandomStreams.open(5, RandomStreams.Domain.TRAIN, 0, 0), n, 4);
        NoisedBatch sliced = NoisedBatch.draw(ring, new TrainingNoise(seed, TimeDensity.uniform(schedule), m),
                RandomStreams.open(5, RandomStreams.Domain.TRAIN, 0, 0), n, 4);
        assertEquals(3, dsm.targetColumns());
        // the first example's x_t and t are the same draws (the directions come after them in the stream)
        for (int c = 0; c < 3; c++) {
            assertEquals(dsm.features()[c], sliced.features()[c], 0);
        }
        assertEquals(m * 2 + 3, sliced.targetColumns());
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double t = sliced.features()[3 * i + 2];
            int row = sliced.targetColumns() * i;
            assertEquals(2 * seed.lossFactor(t), sliced.targets()[row + 2 * m], 1e-5); // sqrt(4) f
            assertEquals(2 * schedule.sigma(t), sliced.targets()[row + 2 * m + 1], 1e-5); // sqrt(4) sigma
            // the difference step is a length: TrainingNoise.SLICED_STEP sigma, not scaled by the weight
            assertEquals(TrainingNoise.SLICED_STEP * schedule.sigma(t), sliced.targets()[row + 2 * m + 2], 1e-6);
            for (int k = 0; k < 2 * m; k++) {
                sum += sliced.targets()[row + k];
                squares += sliced.targets()[row + k] * sliced.targets()[row + k];
            }
        }
        // the directions are standard normal: mean 0 and variance 1 within 5 standard errors of 120,000 draws
        double count = n * 2.0 * m;
        assertEquals(0, sum / count, 5 / Math.sqrt(count));
        assertEquals(1, squares / count, 5 * Math.sqrt(2 / count));
    }

    @Test
    void unitInputScaleScalesTheCoordinatesAndTheSlicedSigmaAndStepOfTheSameDraws() {
        VeSde ve = new VeSde(0.01, 50, 1);
        ScoreParametrisation plain = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.T, ve);
        ScoreParametrisation unit = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.T,
                InputScaleKind.UNIT, ve);
        int m = 1;
        NoisedBatch a = NoisedBatch.draw(ring, new TrainingNoise(plain, TimeDensity.uniform(ve), m),
                RandomStreams.open(5, RandomStreams.Domain.TRAIN, 0, 0), 200, 1);
        NoisedBatch b = NoisedBatch.draw(ring, new TrainingNoise(unit, TimeDensity.uniform(ve), m),
                RandomStreams.open(5, RandomStreams.Domain.TRAIN, 0, 0), 200, 1);
        int columns = a.targetColumns();
        for (int i = 0; i < 200; i++) {
            double t = a.features()[3 * i + 2];
            assertEquals(t, b.features()[3 * i + 2], 0);
            double c = unit.inputScale(t);
            for (int k = 0; k < 2; k++) { // features and the sliced sigma and step: c(t) times, within float rounding
                float x = a.features()[3 * i + k];
                assertEquals(c * x, b.features()[3 * i + k], 1e-6 * Math.abs(x) + 1e-7);
                float scaled = a.targets()[columns * i + 2 * m + k + 1];
                assertEquals(c * scaled, b.targets()[columns * i + 2 * m + k + 1], 1e-6 * Math.abs(scaled));
            }
            for (int k = 0; k <= 2 * m; k++) { // the directions and the loss factor are the same
                assertEquals(a.targets()[columns * i + k], b.targets()[columns * i + k], 0);
            }
        }
    }
}
