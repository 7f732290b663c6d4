package nanodiffusion.sde;

import nanodiffusion.config.TimeSamplingConfig;
import nanodiffusion.config.TimeSamplingKind;
import nanodiffusion.data.RandomStreams;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeDensityTest {
    private static final double T_MIN = 1e-5;
    private final VpSde schedule = new VpSde(0.1, 20, 1);

    private TimeDensity density(TimeSamplingKind kind) {
        return density(kind, 0);
    }

    private TimeDensity density(TimeSamplingKind kind, double uniformMix) {
        return new TimeDensity(new TimeSamplingConfig(kind, T_MIN, -1.2, 1.2, uniformMix), schedule);
    }

    /** integral_0^1 q(t) h(t) dt by the trapezoid rule in log t over [1e-9, 1] (q is steep near tMin). */
    private static double integral(TimeDensity q, DoubleUnaryOperator h) {
        int n = 400_000;
        double lo = Math.log(1e-9);
        double step = -lo / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double t = Math.exp(lo + i * step);
            double f = q.density(t) * h.applyAsDouble(t) * t;
            sum += (i == 0 || i == n ? 0.5 : 1) * f;
        }
        return sum * step;
    }

    @ParameterizedTest
    @CsvSource({"UNIFORM, 0", "LOG_SNR, 0", "EDM, 0", "LOG_SNR, 0.2", "EDM, 0.1", "EDM, 0.5"})
    void densityIntegratesToOne(TimeSamplingKind kind, double mix) {
        assertEquals(1.0, integral(density(kind, mix), t -> 1), 2e-3,
                kind + " mix " + mix + ": integral of q(t) over (0, T]");
    }

    @ParameterizedTest
    @CsvSource({"UNIFORM, 0", "LOG_SNR, 0", "EDM, 0", "LOG_SNR, 0.2", "EDM, 0.1", "EDM, 0.5"})
    void drawsAreAnUnbiasedEstimateOfTheWeightedMean(TimeSamplingKind kind, double mix) {
        TimeDensity q = density(kind, mix);
        TimeDensity.Draw draw = q.sampler(RandomStreams.open(3, RandomStreams.Domain.TRAIN, 0, 0));
        int n = 200_000;
        double sigma2 = 0;
        double small = 0;
        for (int i = 0; i < n; i++) {
            double t = draw.next();
            assertTrue(t > 0 && t <= 1, kind + ": t = " + t + " outside (0, T]");
            if (kind != TimeSamplingKind.UNIFORM && mix == 0) {
                assertTrue(t >= T_MIN * (1 - 1e-9), kind + ": t = " + t + " below tMin T");
            }
            sigma2 += -Math.expm1(-schedule.betaIntegral(t));
            small += t < 0.025 ? 1 : 0;
        }
        // both averaged functions lie in [0, 1]: standard error <= 0.5 / sqrt(n) = 0.0011; tolerance 4.5 of them
        assertEquals(integral(q, t -> -Math.expm1(-schedule.betaIntegral(t))), sigma2 / n, 5e-3, kind + ": E sigma^2");
        assertEquals(integral(q, t -> t < 0.025 ? 1 : 0), small / n, 5e-3, kind + ": P(t < 0.025)");
    }

    @Test
    void logSnrDrawsSpendManyMoreExamplesWhereTheRingsThicknessIsDecided() {
        // uniform t: 2.5% of examples below t = 0.025 (sigma < 0.07); the log-SNR density about a third
        assertEquals(0.025, integral(density(TimeSamplingKind.UNIFORM), t -> t < 0.025 ? 1 : 0), 1e-4);
        double logSnr = integral(density(TimeSamplingKind.LOG_SNR), t -> t < 0.025 ? 1 : 0);
        assertTrue(logSnr > 0.25 && logSnr < 0.45, "log-snr P(t < 0.025) = " + logSnr);
    }

    @Test
    void logSnrImpliesTheLikelihoodWeightingBeta() {
        TimeDensity q = density(TimeSamplingKind.LOG_SNR);
        double ratio = q.scoreWeight(0.5) / schedule.beta(0.5);
        for (double t : new double[] {1e-4, 1e-3, 0.01, 0.1, 0.9, 1.0}) {
            assertEquals(ratio, q.scoreWeight(t) / schedule.beta(t), 1e-9 * ratio, "t = " + t);
        }
    }

    @Test
    void aUniformMixPutsItsShareOfTheExamplesNearTWhereEdmAloneDrawsNone() {
        // P(t > 0.9): uniform mix m adds m * 0.1; EDM's own log-normal has next to nothing there
        double alone = integral(density(TimeSamplingKind.EDM), t -> t > 0.9 ? 1 : 0);
        double mixed = integral(density(TimeSamplingKind.EDM, 0.1), t -> t > 0.9 ? 1 : 0);
        assertTrue(alone < 1e-4, "edm alone P(t > 0.9) = " + alone);
        assertEquals(0.9 * alone + 0.01, mixed, 1e-4, "edm + 10% uniform P(t > 0.9)");
        assertEquals(density(TimeSamplingKind.UNIFORM).density(0.3),
                density(TimeSamplingKind.UNIFORM, 0.7).density(0.3), 0.0, "the mix does not change uniform");
    }

    @Test
    void uniformDrawIsTheSeedsOneDoublePerExample() {
        UniformRandomProvider a = RandomStreams.open(9, RandomStreams.Domain.TRAIN, 4, 1);
        UniformRandomProvider b = RandomStreams.open(9, RandomStreams.Domain.TRAIN, 4, 1);
        TimeDensity.Draw draw = density(TimeSamplingKind.UNIFORM).sampler(a);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1 - b.nextDouble(), draw.next(), 0.0);
        }
    }
}
