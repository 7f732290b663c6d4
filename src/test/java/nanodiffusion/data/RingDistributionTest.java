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

    @Test
    void rejectsNonPositiveScale() {
        assertThrows(IllegalArgumentException.class, () -> new RingDistribution(0));
    }
}
