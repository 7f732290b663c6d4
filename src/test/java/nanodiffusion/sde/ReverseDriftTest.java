package nanodiffusion.sde;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reverse-time drift against its formula for every SDE, and against the VP expressions it replaced. */
class ReverseDriftTest {
    private static final int M = 40;

    private static double[] gaussian(long seed) {
        Random random = new Random(seed);
        double[] v = new double[M];
        for (int i = 0; i < M; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    static java.util.stream.Stream<Sde> sdes() {
        return SdeTest.sdes();
    }

    @ParameterizedTest
    @MethodSource("sdes")
    void driftIsFXMinusTheWeightedScore(Sde sde) {
        double[] x = gaussian(1);
        double[] s = gaussian(2);
        double[] out = new double[M];
        for (double fraction : new double[] {1e-3, 0.3, 1}) {
            double t = fraction * sde.horizon();
            double f = sde.drift(t);
            double g2 = sde.diffusionSquared(t);
            ReverseDrift.sde(sde, t).evaluate(x, s, M, out);
            for (int i = 0; i < M; i++) {
                // |terms| up to ~20 * 4: the grouping's few roundings stay below 1e-13
                assertEquals(f * x[i] - g2 * s[i], out[i], 1e-13, "reverse SDE, t = " + t);
            }
            ReverseDrift.flow(sde, t).evaluate(x, s, M, out);
            for (int i = 0; i < M; i++) {
                assertEquals(f * x[i] - 0.5 * g2 * s[i], out[i], 1e-13, "probability flow, t = " + t);
            }
            double trace = -3.7;
            assertEquals(f * 2 - 0.5 * g2 * trace, ReverseDrift.flow(sde, t).divergence(2, trace), 1e-13, "div");
        }
    }

    @ParameterizedTest
    @MethodSource("sdes")
    void eulerStepGoesBackAlongTheDriftWithTheReverseSdesNoise(Sde sde) {
        double[] s = gaussian(2);
        double[] z = gaussian(3);
        double t = 0.4 * sde.horizon();
        double dt = 0.01 * sde.horizon();
        double[] mu = new double[M];
        ReverseDrift.sde(sde, t).evaluate(gaussian(1), s, M, mu);
        double[] x = gaussian(1);
        ReverseDrift.sde(sde, t).step(x, s, z, M, dt, true);
        double[] flowMu = new double[M];
        ReverseDrift.flow(sde, t).evaluate(gaussian(1), s, M, flowMu);
        double[] y = gaussian(1);
        ReverseDrift.flow(sde, t).step(y, s, z, M, dt, true);
        double[] x0 = gaussian(1);
        double g = Math.sqrt(sde.diffusionSquared(t) * dt);
        for (int i = 0; i < M; i++) {
            assertEquals(x0[i] - mu[i] * dt + g * z[i], x[i], 1e-13, "reverse SDE step");
            assertEquals(x0[i] - flowMu[i] * dt, y[i], 1e-13, "the flow's step adds no noise");
        }
    }

    @Test
    void theVpFlowIsMinusHalfBetaTimesXPlusSBitForBit() {
        // the VP code has always evaluated -1/2 beta (x + s); the shared drift keeps that expression for VP
        VpSde vp = new VpSde(0.1, 20, 1);
        double[] x = gaussian(4);
        double[] s = gaussian(5);
        double[] out = new double[M];
        for (double t : new double[] {0, 1e-4, 0.37, 1}) {
            ReverseDrift flow = ReverseDrift.flow(vp, t);
            flow.evaluate(x, s, M, out);
            double half = -0.5 * vp.beta(t);
            for (int i = 0; i < M; i++) {
                assertEquals(half * (x[i] + s[i]), out[i], 0.0, "t = " + t);
            }
            assertEquals(half * (3 + 0.25), flow.divergence(3, 0.25), 0.0, "t = " + t);
        }
    }

    @Test
    void theVpReverseSdeStepIsTheSeedsUpdateBitForBit() {
        VpSde vp = new VpSde(0.1, 20, 1);
        double[] s = gaussian(5);
        double[] z = gaussian(6);
        double dt = 0.005;
        for (double t : new double[] {dt, 0.37, 1}) {
            double[] x = gaussian(4);
            ReverseDrift.sde(vp, t).step(x, s, z, M, dt, true);
            double[] seed = gaussian(4);
            double beta = vp.beta(t);
            for (int i = 0; i < M; i++) { // the seed's update, as the VP code has always written it
                seed[i] += 0.5 * beta * dt * seed[i] + beta * s[i] * dt + Math.sqrt(beta * dt) * z[i];
            }
            assertArrayEquals(seed, x, 0.0, "t = " + t);
        }
    }
}
