package nanodiffusion.data;

import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.config.TimeInputKind;
import nanodiffusion.sde.ScoreParametrisation;
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
}
