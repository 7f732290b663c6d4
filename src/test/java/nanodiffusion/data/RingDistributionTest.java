package nanodiffusion.data;

import nanodiffusion.eval.PointCloud;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RingDistributionTest {
    private static final int N = 200_000;

    private static PointCloud draw(double scale, long seed) {
        return PointCloud.interleaved(new RingDistribution(scale)
                .sampler(RandomStreams.open(seed, RandomStreams.Domain.EVAL_TRUTH)).points(N), 2);
    }

    @Test
    void radiusHasMeanOneAndStdOneOverSqrtScale() {
        double[] r = draw(200, 1).radii();
        double mean = java.util.Arrays.stream(r).average().orElseThrow();
        double var = java.util.Arrays.stream(r).map(v -> (v - mean) * (v - mean)).sum() / N;
        double sd = 1 / Math.sqrt(200);
        // standard errors: mean sd/sqrt(N) = 1.6e-4, std ~ sd/sqrt(2N) = 1.1e-4; allow about 6 of them
        assertEquals(1.0, mean, 1e-3);
        assertEquals(sd, Math.sqrt(var), 7e-4);
    }

    @Test
    void scaleControlsTheRingThickness() {
        double[] r = draw(50, 2).radii();
        double mean = java.util.Arrays.stream(r).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(r).map(v -> (v - mean) * (v - mean)).sum() / N);
        assertEquals(1 / Math.sqrt(50), sd, 1.5e-3); // ~6 standard errors of the std (2.2e-4)
    }

    @Test
    void anglesFollowTheSquareSoDiagonalsCarryMoreMass() {
        double[] a = draw(200, 3).angles();
        long nearDiagonal = java.util.Arrays.stream(a).filter(v -> Math.abs(v - Math.PI / 4) < 0.1).count();
        long nearAxis = java.util.Arrays.stream(a).filter(v -> Math.abs(v) < 0.1).count();
        // the angle's density is proportional to 1/cos^2 of its offset from the nearest axis, so the mass within
        // 0.1 of a diagonal over that within 0.1 of an axis is 2 (1 - tan(pi/4 - 0.1)) / (2 tan(0.1)) = 1.81;
        // the ratio of ~9000 and ~5000 counts has standard error 0.035, the tolerance is about 3.5 of them
        double expected = (1 - Math.tan(Math.PI / 4 - 0.1)) / Math.tan(0.1);
        assertEquals(expected, (double) nearDiagonal / nearAxis, 0.12);
    }

    @Test
    void sameSeedAndStreamGiveTheSamePointsAndOthersDiffer() {
        PointCloud a = draw(200, 5);
        assertArrayEquals(a.x(), draw(200, 5).x(), 0.0);
        assertFalse(java.util.Arrays.equals(a.x(), draw(200, 6).x()));
    }

    /**
     * In R^d the radius is still Gamma(scale, scale) and, by the cube's symmetries, every coordinate has mean 0 and
     * E[x_c^2] = E[g^2] / d = (1 + 1/scale) / d, and the signs of the coordinates are fair coins.
     */
    @Test
    void ringInAnyDimensionHasTheGammaRadiusAndTheCubesSymmetricMoments() {
        double scale = 50;
        int n = 100_000;
        for (int dim : new int[] {1, 3, 5, 10}) {
            PointCloud p = PointCloud.interleaved(new RingDistribution(scale, dim)
                    .sampler(RandomStreams.open(7, RandomStreams.Domain.EVAL_TRUTH)).points(n), dim);
            double[] r = p.radii();
            double mean = java.util.Arrays.stream(r).average().orElseThrow();
            double sd = Math.sqrt(java.util.Arrays.stream(r).map(v -> (v - mean) * (v - mean)).sum() / n);
            // radius sd 1/sqrt(50) = 0.14: standard error of the mean 4.5e-4, of the std 3.2e-4; ~5 of each
            assertEquals(1.0, mean, 2.5e-3, dim + "D radius mean");
            assertEquals(1 / Math.sqrt(scale), sd, 1.6e-3, dim + "D radius std");
            double second = (1 + 1 / scale) / dim;
            for (int c = 0; c < dim; c++) {
                double[] x = p.coordinate(c);
                double m1 = java.util.Arrays.stream(x).average().orElseThrow();
                double m2 = java.util.Arrays.stream(x).map(v -> v * v).average().orElseThrow();
                double positive = java.util.Arrays.stream(x).filter(v -> v > 0).count() / (double) n;
                // sd of x_c is at most 1, so its mean's standard error is at most 1/sqrt(n) = 3.2e-3; E[x^4] <= E[x^2]
                // bounds m2's standard error by sqrt(second / n); the sign frequency's is 1/(2 sqrt(n)) = 1.6e-3
                assertEquals(0, m1, 5 * Math.sqrt(second / n), dim + "D coordinate " + c + " mean");
                assertEquals(second, m2, 5 * Math.sqrt(second / n), dim + "D coordinate " + c + " second moment");
                assertEquals(0.5, positive, 8e-3, dim + "D coordinate " + c + " sign");
            }
        }
    }

    @Test
    void theTwoDimensionalRingIsTheSeedsRing() {
        double[] a = new RingDistribution(200).sampler(RandomStreams.open(3, RandomStreams.Domain.TRAIN)).points(500);
        double[] b = new RingDistribution(200, 2).sampler(RandomStreams.open(3, RandomStreams.Domain.TRAIN)).points(500);
        assertArrayEquals(a, b, 0.0);
    }

    @Test
    void rejectsNonPositiveScale() {
        assertThrows(IllegalArgumentException.class, () -> new RingDistribution(0));
        assertThrows(IllegalArgumentException.class, () -> new RingDistribution(200, 0));
    }
}
