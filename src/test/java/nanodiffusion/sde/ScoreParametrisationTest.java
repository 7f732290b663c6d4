package nanodiffusion.sde;

import nanodiffusion.config.InputScaleKind;
import nanodiffusion.config.ScoreOutputKind;
import nanodiffusion.config.TimeInputKind;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreParametrisationTest {
    private final VpSde schedule = new VpSde(0.1, 20, 1);

    @Test
    void seedNetworkTakesTAndOutputsTheScoreWithLossFactorSigma() {
        ScoreParametrisation seed = ScoreParametrisation.seed(schedule);
        for (double t : new double[] {1e-4, 0.2, 1}) {
            assertEquals(t, seed.timeFeature(t), 0);
            assertEquals(1, seed.outputScale(t), 0);
            assertEquals(schedule.sigma(t), seed.lossFactor(t), 0);
        }
    }

    @Test
    void unitInputScaleGivesNoisedUnitVarianceDataUnitVarianceAtEveryTimeOfEverySde() {
        for (Sde sde : new Sde[] {schedule, new SubVpSde(0.1, 20, 1), new VeSde(0.01, 50, 1)}) {
            ScoreParametrisation unit = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR,
                    InputScaleKind.UNIT, sde);
            ScoreParametrisation none = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR, sde);
            for (double t : new double[] {0, 1e-4, 0.2, 0.7, 1}) {
                double c = unit.inputScale(t);
                // x_t = alpha x0 + sigma eps with Var x0 = 1: Var(c x_t) = c^2 (alpha^2 + sigma^2)
                double a = sde.alpha(t);
                assertEquals(1, c * c * (a * a + sde.variance(t)), 1e-12, sde + " t=" + t);
                assertEquals(1, none.inputScale(t), 0);
            }
        }
        // VE at T: x_T ~ N(0, sigmaMax^2) enters at about unit scale, not 50
        ScoreParametrisation ve = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR,
                InputScaleKind.UNIT, new VeSde(0.01, 50, 1));
        assertEquals(1 / Math.sqrt(1 + 50 * 50), ve.inputScale(1), 1e-6);
    }

    @Test
    void noisePredictionGivesTheSameLossAsTheScoreItStandsFor() {
        ScoreParametrisation noise = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.T, schedule);
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            double t = 1e-5 + random.nextDouble();
            double output = random.nextGaussian();
            double eps = random.nextGaussian();
            double score = noise.outputScale(t) * output;
            double asScore = schedule.sigma(t) * score + eps;
            double asTrained = noise.lossFactor(t) * output + eps;
            assertEquals(asScore * asScore, asTrained * asTrained, 1e-12, "t=" + t);
            assertEquals(-1, noise.lossFactor(t), 0);
        }
    }

    @Test
    void logSnrInputIsTheLogRatioOverEightDecreasingAndOfOrderOne() {
        ScoreParametrisation logSnr = new ScoreParametrisation(ScoreOutputKind.SCORE, TimeInputKind.LOG_SNR, schedule);
        for (double t : new double[] {0.01, 0.3, 1}) {
            double a = schedule.alpha(t);
            double s = schedule.sigma(t);
            assertEquals(Math.log(a * a / (s * s)) / 8, logSnr.timeFeature(t), 1e-12, "t=" + t);
        }
        double previous = Double.POSITIVE_INFINITY;
        for (double t = 1e-6; t <= 1; t += 1e-3) {
            double v = logSnr.timeFeature(t);
            assertTrue(v < previous, "not decreasing at t=" + t);
            assertTrue(v > -2 && v < 3, "t=" + t + " gives " + v);
            previous = v;
        }
    }

    @Test
    void singularParametrisationsAreAskedForTheScoreNoEarlierThanTheMinimumTime() {
        ScoreParametrisation noise = new ScoreParametrisation(ScoreOutputKind.NOISE, TimeInputKind.LOG_SNR, schedule);
        double min = ScoreParametrisation.MIN_SCORE_TIME;
        assertEquals(min, noise.scoreTime(0), 0);
        assertEquals(min, noise.scoreTime(min / 2), 0);
        assertEquals(0.3, noise.scoreTime(0.3), 0);
        assertTrue(Double.isFinite(noise.outputScale(noise.scoreTime(0))));
        assertTrue(Double.isFinite(noise.timeFeature(noise.scoreTime(0))));
        // the seed's network is finite at t = 0 and asked there, as the reference solvers do
        assertEquals(0, ScoreParametrisation.seed(schedule).scoreTime(0), 0);
    }
}
