package nanodiffusion.sde;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@link Sde} against the closed forms that tie its coefficients to its Gaussian kernel: the kernel starts
 * at the data, d alpha / dt = f alpha, g^2 = d sigma^2 / dt - 2 f sigma^2, d lambda / dt = -g^2 / (2 sigma^2), and
 * timeOfLogSnr inverts logSnr. A new SDE joins {@link #sdes}.
 */
class SdeTest {
    /** Times as fractions of T, from near 0 (where sigma vanishes) to T. */
    private static final double[] FRACTIONS = {1e-3, 0.01, 0.1, 0.3, 0.5, 0.77, 0.95};

    static Stream<Sde> sdes() {
        return Stream.of(new VpSde(0.1, 20, 1), new VpSde(0.05, 12, 2), new VpSde(10, 10, 1),
                new SubVpSde(0.1, 20, 1), new SubVpSde(0.05, 12, 2), new VeSde(0.01, 100, 1), new VeSde(0.002, 60, 2));
    }

    @ParameterizedTest
    @MethodSource("sdes")
    void theKernelStartsAtTheData(Sde sde) {
        assertEquals(1.0, sde.alpha(0), 0.0, "alpha(0)");
        assertEquals(0.0, sde.sigma(0), 0.0, "sigma(0)");
        assertEquals(0.0, sde.variance(0), 0.0, "sigma(0)^2");
    }

    /** The central difference (u(t + h) - u(t - h)) / (2h), with h = 1e-4 t (lambda varies on the scale of t). */
    private static double derivative(java.util.function.DoubleUnaryOperator u, double t) {
        double h = 1e-4 * t;
        return (u.applyAsDouble(t + h) - u.applyAsDouble(t - h)) / (2 * h);
    }

    // Tolerances of the central differences below: the truncation error h^2 u''' / 6 = 2e-9 t^2 u''' and the rounding
    // error ~1e-16 |u| / h = 1e-12 |u| / t both stay below 1e-6 of the derivative here (measured: at most 1.5e-7,
    // for alpha near T where it is small), so 1e-6 relative is a bar that a coefficient wrong by more than a part in
    // a million cannot pass

    @ParameterizedTest
    @MethodSource("sdes")
    void theMeanFollowsTheDrift(Sde sde) {
        for (double fraction : FRACTIONS) {
            double t = fraction * sde.horizon();
            double expected = sde.drift(t) * sde.alpha(t);
            assertEquals(expected, derivative(sde::alpha, t), 1e-6 * Math.abs(expected), "t = " + t);
        }
    }

    @ParameterizedTest
    @MethodSource("sdes")
    void theDiffusionIsTheGrowthOfTheVarianceBeyondTheDrifts(Sde sde) {
        for (double fraction : FRACTIONS) {
            double t = fraction * sde.horizon();
            double g2 = derivative(sde::variance, t) - 2 * sde.drift(t) * sde.variance(t);
            assertEquals(sde.diffusionSquared(t), g2, 1e-6 * sde.diffusionSquared(t), "t = " + t);
        }
    }

    @ParameterizedTest
    @MethodSource("sdes")
    void logSnrIsTheLogRatioOfTheKernelAndFallsAtMinusHalfGSquaredOverSigmaSquared(Sde sde) {
        for (double fraction : FRACTIONS) {
            double t = fraction * sde.horizon();
            // log(alpha / sigma) from the kernel's own functions: a few ulps of each, 1e-12 absolute
            assertEquals(Math.log(sde.alpha(t) / sde.sigma(t)), sde.logSnr(t), 1e-12, "t = " + t);
            double expected = -sde.diffusionSquared(t) / (2 * sde.variance(t));
            assertEquals(expected, derivative(sde::logSnr, t), 1e-6 * Math.abs(expected), "t = " + t);
        }
    }

    @ParameterizedTest
    @MethodSource("sdes")
    void timeOfLogSnrInvertsLogSnr(Sde sde) {
        double top = sde.logSnr(1e-4 * sde.horizon());
        double bottom = sde.logSnr(sde.horizon());
        for (int i = 0; i <= 100; i++) {
            double lambda = bottom + (top - bottom) * i / 100;
            double t = sde.timeOfLogSnr(lambda);
            assertTrue(t > 0 && t <= sde.horizon() * (1 + 1e-12), "lambda = " + lambda + " gives t = " + t);
            // lambda is O(10) and computed from t in a few operations: 1e-12 absolute is a few hundred ulps
            assertEquals(lambda, sde.logSnr(t), 1e-12, "lambda = " + lambda);
        }
    }

    @ParameterizedTest
    @MethodSource("sdes")
    void thePriorIsTheKernelAtTForDataOfUnitScale(Sde sde) {
        double t = sde.horizon();
        double a = sde.alpha(t);
        // x_T = alpha x0 + sigma eps: with |x0| ~ 1 the prior N(0, priorStd^2) misses it by about alpha(T) and by the
        // gap between sigma(T) and priorStd; both under 2% of priorStd for a usable SDE (a VE SDE keeps alpha = 1,
        // so its sigmaMax must be 50 or more times the data's scale)
        assertTrue(a < 0.02 * sde.priorStd(), "alpha(T) = " + a);
        assertEquals(sde.priorStd(), sde.sigma(t), 0.01 * sde.priorStd(), "sigma(T)");
    }

    @ParameterizedTest
    @MethodSource("sdes")
    void thePriorIsNormalWithThePriorStd(Sde sde) {
        double std = sde.priorStd();
        double[] x = {0.3 * std, -1.1 * std, 0.4 * std};
        double expected = -1.5 * Math.log(2 * Math.PI * std * std) - (0.09 + 1.21 + 0.16) / 2;
        // a handful of roundings on terms of order one
        assertEquals(expected, sde.priorLogDensity(x, 0, 3), 1e-13);
        double[] drawn = new double[6];
        sde.drawPrior(drawn, 2, 3, (z, n) -> java.util.Arrays.fill(z, 0, 3 * n, 1.0));
        for (double v : drawn) {
            assertEquals(std, v, 0.0, "a unit normal draw is scaled by the prior's std");
        }
    }
}
