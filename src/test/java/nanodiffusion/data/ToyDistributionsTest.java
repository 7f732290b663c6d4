package nanodiffusion.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each toy density against what its definition implies in closed form. With n = 200,000 points a sample mean of
 * a quantity of standard deviation sd has standard error sd / 447; tolerances are five standard errors (computed
 * from the sample itself), so a correct generator fails about once in a million runs and a wrong constant fails.
 */
class ToyDistributionsTest {
    private static final int N = 200_000;

    private static double[] draw(ToyDistributions d, long stream) {
        return d.sampler(RandomStreams.open(11, RandomStreams.Domain.EVAL_TRUTH, stream)).points(N, 2);
    }

    /** Mean of f over the points, checked against {@code expected} within five standard errors. */
    private static void assertMean(double expected, double[] xy, java.util.function.BiFunction<Double, Double, Double> f,
                                   String what) {
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < N; i++) {
            double v = f.apply(xy[2 * i], xy[2 * i + 1]);
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / N;
        double se = Math.sqrt(Math.max(sumSq / N - mean * mean, 1e-12) / N);
        assertEquals(expected, mean, 5 * se, what + " (standard error " + se + ")");
    }

    @Test
    void eightGaussiansAreCentredWithTheVarianceOfTheirCentresAndNoise() {
        double[] xy = draw(ToyDistributions.EIGHT_GAUSSIANS, 1);
        assertMean(0, xy, (x, y) -> x, "E x");
        assertMean(0, xy, (x, y) -> y, "E y");
        // centres 4 (cos k pi/4, sin k pi/4): E[c_x^2] = 16 / 2; noise 0.5^2; all divided by 1.414
        assertMean((8 + 0.25) / (1.414 * 1.414), xy, (x, y) -> x * x, "E x^2");
        assertMean(0, xy, (x, y) -> x * y, "E xy");
    }

    @Test
    void circlesHaveRadiiOneAndOneHalfTimesThree() {
        double[] xy = draw(ToyDistributions.CIRCLES, 2);
        assertMean(0, xy, (x, y) -> x, "E x");
        // E|x|^2 = 9 (E r^2 + 2 * 0.08^2), E r^2 = (1 + 0.25) / 2
        assertMean(9 * (0.625 + 2 * 0.0064), xy, (x, y) -> x * x + y * y, "E |x|^2");
    }

    @Test
    void checkerboardFillsOnlyTheBlackSquaresUniformly() {
        double[] xy = draw(ToyDistributions.CHECKERBOARD, 3);
        int[] perSquare = new int[16];
        for (int i = 0; i < N; i++) {
            double x = xy[2 * i];
            double y = xy[2 * i + 1];
            assertTrue(x >= -4 && x < 4 && y >= -4 && y < 4, "inside the board: " + x + ", " + y);
            int cx = (int) Math.floor(x / 2);
            int cy = (int) Math.floor(y / 2);
            assertEquals(0, Math.floorMod(cx + cy, 2), "a black square: " + x + ", " + y);
            perSquare[(cx + 2) * 4 + cy + 2]++;
        }
        for (int count : perSquare) {
            // black squares hold N/8 each (binomial sd sqrt(N/8 * 7/8) ~ 148); white ones none
            assertTrue(count == 0 || Math.abs(count - N / 8.0) < 5 * 148, "count " + count);
        }
        assertMean(64.0 / 12, xy, (x, y) -> x * x, "x uniform on [-4, 4)");
    }

    @Test
    void moonsHaveTheMeanOfTheirTwoHalfCircles() {
        double[] xy = draw(ToyDistributions.MOONS, 4);
        // E cos a = 0, E sin a = 2/pi for a ~ U(0, pi): E (x, y) = ((0 + 1) / 2, (2/pi + 1/2 - 2/pi) / 2), then 2 v + (-1, -0.2)
        assertMean(0, xy, (x, y) -> x, "E x");
        assertMean(2 * 0.25 - 0.2, xy, (x, y) -> y, "E y");
    }

    @Test
    void pinwheelArmsCancelAndKeepTheirRadialSpread() {
        double[] xy = draw(ToyDistributions.PINWHEEL, 5);
        assertMean(0, xy, (x, y) -> x, "E x");
        assertMean(0, xy, (x, y) -> y, "E y");
        // a rotation keeps |f|: E|x|^2 = 4 (E (1 + 0.3 N)^2 + E (0.1 N)^2) = 4 (1 + 0.09 + 0.01)
        assertMean(4 * 1.1, xy, (x, y) -> x * x + y * y, "E |x|^2");
    }

    @Test
    void swissRollMatchesItsIntegralOverTheRollAngle() {
        double[] xy = draw(ToyDistributions.SWISS_ROLL, 6);
        // t ~ U(3pi/2, 9pi/2): E x = E[t cos t] / 5, E |x|^2 = (E t^2 + 2) / 5^2, by Simpson's rule over t
        double a = 1.5 * Math.PI;
        double b = 4.5 * Math.PI;
        int m = 20_000;
        double tcos = 0;
        double t2 = 0;
        for (int k = 0; k <= m; k++) {
            double t = a + (b - a) * k / m;
            double w = k == 0 || k == m ? 1 : (k % 2 == 1 ? 4 : 2);
            tcos += w * t * Math.cos(t);
            t2 += w * t * t;
        }
        tcos *= (b - a) / m / 3 / (b - a);
        t2 *= (b - a) / m / 3 / (b - a);
        assertMean(tcos / 5, xy, (x, y) -> x, "E x");
        assertMean((t2 + 2) / 25, xy, (x, y) -> x * x + y * y, "E |x|^2");
    }

    @Test
    void twoSpiralsArePointSymmetricAndBounded() {
        double[] xy = draw(ToyDistributions.TWO_SPIRALS, 7);
        assertMean(0, xy, (x, y) -> x, "E x");
        assertMean(0, xy, (x, y) -> y, "E y");
        double max = 0;
        for (int i = 0; i < N; i++) {
            max = Math.max(max, Math.hypot(xy[2 * i], xy[2 * i + 1]));
        }
        // |(s cos s, s sin s)| <= 3 pi, plus at most 0.5 sqrt 2 of offset, / 3, plus Gaussian noise 0.1 N (5.5 sd)
        assertTrue(max < (3 * Math.PI + 0.71) / 3 + 0.55 * Math.sqrt(2), "radius " + max);
    }
}
