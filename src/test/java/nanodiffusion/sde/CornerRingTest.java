package nanodiffusion.sde;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import nanodiffusion.data.PerSampleNoise;
import nanodiffusion.data.DataSources;
import nanodiffusion.eval.ExactWasserstein;
import nanodiffusion.eval.PointCloud;
import nanodiffusion.eval.QualityFloors;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corner ring ({@link CornerRing}): its draws follow its angle law, which has the seed ring's first two
 * harmonics, and its score satisfies the identities a score must - ones that a score blind to the angle fails.
 */
class CornerRingTest {
    private final VpSde vp = new VpSde(0.1, 20, 1);
    private final CornerRing ring = CornerRing.SEED_LIKE;

    /** n draws of the corner ring noised to time t. */
    private double[] noised(double t, int n, long seed) {
        double[] x = ring.draw(n, seed);
        ContinuousSampler normal = ZigguratSampler.NormalizedGaussian.of(
                RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1));
        for (int i = 0; i < 2 * n; i++) {
            x[i] = vp.alpha(t) * x[i] + vp.sigma(t) * normal.sample();
        }
        return x;
    }

    @Test
    void withoutCornersItIsTheRotationallySymmetricRing() {
        int n = 2000;
        CornerRing uniform = new CornerRing(ring.k(), 0, ring.kappa());
        for (double t : new double[] {1e-4, 1e-2, 0.1, 0.5, 1}) {
            double[] x = noised(t, n, 5);
            double[] a = new double[2 * n];
            double[] b = new double[2 * n];
            uniform.score(vp).evaluate(x, n, t, a);
            new RingScore(ring.k(), vp).evaluate(x, n, t, b);
            double units = vp.sigma(t) * vp.sigma(t) / vp.alpha(t); // score to denoised prediction
            for (int i = 0; i < 2 * n; i++) {
                // the same terms in another order: the denoised predictions agree to rounding (measured 1e-15)
                assertEquals(b[i] * units, a[i] * units, 1e-12, "t = " + t + ", coordinate " + i);
            }
        }
    }

    @Test
    void quadratureOverTheRadiusHasConvergedAtEveryNoiseLevel() {
        int n = 3000;
        for (double t : new double[] {1e-5, 1e-3, 1e-2, 0.1, 1}) {
            double[] x = noised(t, n, 6);
            double denoised = RingScoreTest.largestGap(vp, x, n, t, ring.score(vp),
                    new CornerRing.Score(ring, vp, 401, 16));
            assertTrue(denoised < 1e-7, "t = " + t + ": 41 and 401 points differ by " + denoised);
        }
    }

    /**
     * Stein's identity E[s . grad h] = -E[laplacian h] for h = |x|^2 (laplacian 4) and for the angular h = |x|^2
     * Re((x + iy)^4) (laplacian 20 Re((x + iy)^4)), whose expectation is the fourth harmonic of the angle law: the
     * rotationally symmetric ring's score, which knows no corners, fails the second on these points.
     */
    @Test
    void satisfiesSteinsIdentityIncludingItsAngularPart() {
        int n = 200_000;
        for (double t : new double[] {1e-3, 1e-2, 0.05, 0.2, 1}) {
            double[] x = noised(t, n, 7);
            double[] s = new double[2 * n];
            ring.score(vp).evaluate(x, n, t, s);
            assertStein(x, s, n, t, true);
            if (t <= 0.05) { // where the noised law still has its corners
                double[] blind = new double[2 * n];
                new RingScore(ring.k(), vp).evaluate(x, n, t, blind);
                assertStein(x, blind, n, t, false);
            }
        }
    }

    private static void assertStein(double[] x, double[] s, int n, double t, boolean holds) {
        double[] radial = new double[n];
        double[] angular = new double[n];
        for (int i = 0; i < n; i++) {
            double a = x[2 * i];
            double b = x[2 * i + 1];
            double q = a * a + b * b;
            double p = a * a * a * a - 6 * a * a * b * b + b * b * b * b; // Re((a + ib)^4)
            double px = 4 * a * a * a - 12 * a * b * b;
            double py = 4 * b * b * b - 12 * a * a * b;
            radial[i] = 2 * (s[2 * i] * a + s[2 * i + 1] * b) + 4;
            angular[i] = s[2 * i] * (2 * a * p + q * px) + s[2 * i + 1] * (2 * b * p + q * py) + 20 * p;
        }
        // means over n independent points, each E = 0: within 4.5 standard errors when the score is right
        double z = Math.abs(new Mean().evaluate(angular)) / standardError(angular);
        if (holds) {
            assertEquals(0, new Mean().evaluate(radial), 4.5 * standardError(radial), "E[s . 2x + 4] at t = " + t);
            assertTrue(z < 4.5, "the angular identity at t = " + t + " is off by " + z + " standard errors");
        } else {
            assertTrue(z > 10, "a score blind to the corners passes the angular identity at t = " + t + " (" + z + ")");
        }
    }

    /** The draws follow angleLaw(), and its 4th and 8th harmonics are the seed ring's (u/|u|, u uniform on the square). */
    @Test
    void drawsFollowTheAngleLawWithTheSeedRingsFirstHarmonics() {
        int n = 400_000;
        double[] angles = PointCloud.interleaved(ring.draw(n, 8), 2).angles();
        double[] seed = QualityFloors.exactDraw(DataSources.of(ConfigLoader.load(null, List.of()).data()), 9, 0, n).angles();
        for (int harmonic : new int[] {4, 8}) {
            double[] mine = new double[n];
            double[] theirs = new double[n];
            for (int i = 0; i < n; i++) {
                mine[i] = Math.cos(harmonic * angles[i]);
                theirs[i] = Math.cos(harmonic * seed[i]);
            }
            double se = Math.hypot(standardError(mine), standardError(theirs));
            assertEquals(new Mean().evaluate(theirs), new Mean().evaluate(mine), 4 * se, "E cos(" + harmonic + " theta)");
        }
        // W1 of n draws against their own law: 1.4 to 2.7 / sqrt(n) over nine draws of 100k to 1.6M (falling as
        // 1 / sqrt(n): no bias at 1e-3); against the uniform law (this ring without its corners) 0.045 at any n
        double own = ExactWasserstein.distance(angles, ring.angleLaw());
        double uniform = ExactWasserstein.distance(angles, new CornerRing(ring.k(), 0, ring.kappa()).angleLaw());
        assertTrue(own < 4 / Math.sqrt(n), "angular W1 against its own law " + own);
        assertTrue(uniform > 0.04, "angular W1 against the uniform law " + uniform + ", own " + own);
    }

    /**
     * The default sampler (200 evaluations) given the corner ring's exact score draws its angle law - the 4th harmonic
     * of 5,000 samples within 4 standard errors (0.04) of the law's (measured 0.6) - and given the uniform ring's
     * score, blind to the corners, it does not (measured 13.6). (The 20-evaluation preset's blur, 0.008, needs 1M points
     * to see: docs/quality.md.)
     */
    @Test
    void theDefaultSamplerGivenTheExactScoreDrawsTheAngleLaw() {
        int n = 5_000;
        RunConfig c = ConfigLoader.load(null, List.of());
        Sampler sampler = Samplers.of(c.sample(), vp, c.sampleSteps());
        double exact = ring.harmonic(1);
        for (boolean blind : new boolean[] {false, true}) {
            PerSampleNoise noise = new PerSampleNoise(19, 0, n, 2);
            double[] x = new double[2 * n];
            vp.drawPrior(x, n, 2, noise);
            sampler.integrate(x, n, blind ? new RingScore(ring.k(), vp) : ring.score(vp), noise);
            double[] angles = PointCloud.interleaved(x, 2).angles();
            double[] cos = new double[n];
            for (int i = 0; i < n; i++) {
                cos[i] = Math.cos(4 * angles[i]);
            }
            double z = (new Mean().evaluate(cos) - exact) / standardError(cos);
            if (blind) {
                assertTrue(Math.abs(z) > 8, "the angle-blind score's samples have the corners' harmonic (" + z + ")");
            } else {
                assertTrue(Math.abs(z) < 4, "E cos(4 theta) " + new Mean().evaluate(cos) + " against the law's " + exact
                        + ": " + z + " standard errors");
            }
        }
    }

    @Test
    void besselRatiosMatchTheSeriesAtSmallArgument() {
        // I_n(z) ~ (z/2)^n / n! for small z, so I_1 / I_0 ~ z / 2 (1 - z^2 / 8) and I_4 / I_0 ~ z^4 / 384
        double z = 1e-3;
        double[] rho = CornerRing.besselRatios(z, 4);
        assertEquals(z / 2 * (1 - z * z / 8), rho[1], 1e-15);
        assertEquals(Math.pow(z, 4) / 384, rho[4], 1e-6 * Math.pow(z, 4) / 384);
        // at large argument I_n / I_0 ~ e^(-n^2 / (2z)) to first order
        double[] large = CornerRing.besselRatios(400, 8);
        assertEquals(Math.exp(-64 / 800.0), large[8], 2e-3);
    }

    private static double standardError(double[] v) {
        return new StandardDeviation(false).evaluate(v) / Math.sqrt(v.length);
    }
}
