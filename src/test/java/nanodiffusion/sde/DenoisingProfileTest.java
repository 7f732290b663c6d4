package nanodiffusion.sde;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.LogSnrBand;
import nanodiffusion.config.SampleConfig;
import nanodiffusion.config.StepScheduleKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The denoising profile and the schedule it places, on Gaussian data N(0, s^2 I) whose exact score is known: there
 * the noise-prediction error is 1 / (1 + e^(-2 lambda) / s^2), half way at lambda = -ln s.
 */
class DenoisingProfileTest {
    private final VpSde vp = new VpSde(0.1, 20, 1);
    private static final double T_MIN = 1e-4;

    private DenoisingProfile measured(double s, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x0 = new double[2 * n];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = s * random.nextGaussian();
        }
        GaussianNoise noise = (z, m) -> {
            for (int i = 0; i < 2 * m; i++) {
                z[i] = random.nextGaussian();
            }
        };
        return DenoisingProfile.measure(vp, new GaussianScore(2, s, vp), x0, n, vp.logSnr(1), vp.logSnr(T_MIN), noise);
    }

    /** The exact profile's log-SNR at share q for N(0, s^2 I) on the same range (error scaled between its ends). */
    private double exactLambdaOfShare(double s, double q) {
        double low = error(s, vp.logSnr(1));
        double high = error(s, vp.logSnr(T_MIN));
        double e = low + q * (high - low);
        return -0.5 * Math.log((1 / e - 1) * s * s);
    }

    private static double error(double s, double lambda) {
        return 1 / (1 + Math.exp(-2 * lambda) / (s * s));
    }

    @Test
    void theProfileRisesWhereTheNoiseLevelCrossesTheDataScale() {
        for (double s : new double[]{1.0, 0.07}) {
            DenoisingProfile p = measured(s, 4000, 11);
            for (double q : new double[]{0.25, 0.5, 0.75}) {
                // 4,000 points: the measured error's relative noise is about 2%, a few hundredths in lambda
                assertEquals(exactLambdaOfShare(s, q), p.lambdaOfShare(q), 0.1, "s = " + s + ", share " + q);
            }
        }
        double shift = measured(0.07, 4000, 12).lambdaOfShare(0.5) - measured(1.0, 4000, 12).lambdaOfShare(0.5);
        assertEquals(Math.log(1 / 0.07), shift, 0.1,
                "data 1/0.07 times thinner: the rise moves by ln(1/0.07) in lambda");
    }

    @Test
    void theShareRunsFromZeroToOneAndNeverFalls() {
        double[] lambdas = {-2, -1, 0, 1, 2};
        DenoisingProfile p = DenoisingProfile.of(lambdas, new double[]{0.1, 0.5, 0.4, 0.9, 1.3});
        assertArrayEquals(new double[]{0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1}, p.share(), 1e-12,
                "a measured dip (0.4 after 0.5) is held at the running maximum");
        assertArrayEquals(new double[]{0, 0.25, 0.5, 0.75, 1},
                DenoisingProfile.of(lambdas, new double[]{0.3, 0.3, 0.3, 0.3, 0.3}).share(), 1e-12,
                "a flat error (no feature anywhere): the share is uniform in lambda");
        assertThrows(IllegalArgumentException.class,
                () -> DenoisingProfile.of(lambdas, new double[]{0.1, Double.NaN, 0.4, 0.9, 1.3}));
    }

    @Test
    void theBandIsTheUpperHalfOfTheRiseAndMovesWithTheDataScale() {
        for (double s : new double[]{1.0, 0.07, 0.035}) {
            LogSnrBand band = measured(s, 4000, 13).band(2);
            assertEquals(-Math.log(s), band.from(), 0.1, "starts where the error is half way, sigma/alpha = s = " + s);
            assertEquals(exactLambdaOfShare(s, 0.975), band.to(), 0.15, "ends at 97.5% of the rise, s = " + s);
            assertEquals(2, band.density(), 0);
        }
        // a profile rising linearly across lambda [2, 3], flat elsewhere
        double[] lambdas = new double[101];
        double[] error = new double[101];
        for (int j = 0; j < lambdas.length; j++) {
            lambdas[j] = -5 + 0.1 * j;
            error[j] = Math.min(1, Math.max(0, lambdas[j] - 2));
        }
        LogSnrBand band = DenoisingProfile.of(lambdas, error).band(3);
        assertEquals(2.5, band.from(), 1e-9);
        assertEquals(2.975, band.to(), 1e-9);
    }

    @Test
    void theProfileScheduleIsTheBandScheduleOnTheMeasuredBand() {
        DenoisingProfile p = measured(0.07, 2000, 14);
        SampleConfig c = ConfigLoader.load(null, List.of("sample.schedule=profile", "sample.steps=20",
                "sample.bandDensity=2", "sample.tMin=2e-4")).sample();
        DpmSolverPlusPlus profiled = (DpmSolverPlusPlus) Samplers.of(c.withMeasuredBand(p.band(2)), vp, 200);
        StepTimes expected = StepTimes.of(vp, StepScheduleKind.LOG_SNR_BAND, 20, 2e-4, 7, 2, p.band(2));
        assertArrayEquals(expected.times(), profiled.times().times(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Samplers.of(c, vp, 200));
        assertTrue(e.getMessage().contains("sample.schedule = profile"), e.getMessage());
    }

    @Test
    void theProfileScheduleNeedsAMeasuredProfile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepTimes.of(vp, StepScheduleKind.PROFILE, 20, T_MIN, 7, 2, null));
        assertTrue(e.getMessage().contains("measured profile"), e.getMessage());
    }
}
