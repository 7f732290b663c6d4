package nanodiffusion.eval;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WassersteinTest {
    @Test
    void equalSizesGiveTheMeanAbsoluteDifferenceOfSortedSamples() {
        Random r = new Random(1);
        double[] a = r.doubles(1000).toArray();
        double[] b = r.doubles(1000).map(v -> v * 2).toArray();
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        double direct = 0;
        for (int i = 0; i < sa.length; i++) {
            direct += Math.abs(sa[i] - sb[i]);
        }
        assertEquals(direct / sa.length, Wasserstein.distance(a, b), 1e-12);
    }

    @Test
    void shiftingADistributionMovesItByTheShift() {
        double[] a = new Random(2).doubles(777).toArray();
        double[] b = Arrays.stream(a).map(v -> v + 0.3).toArray();
        assertEquals(0.3, Wasserstein.distance(a, b), 1e-12);
    }

    @Test
    void unequalSizesUseTheCdfIntegral() {
        // point mass at 0 vs half at 0, half at 1: W1 = 0.5
        assertEquals(0.5, Wasserstein.distance(new double[] {0}, new double[] {0, 1}), 1e-15);
        // {0, 1, 2} vs {1}: integral of |F_a - F_b| = 1/3 * 1 + 1/3 * 1 = 2/3
        assertEquals(2.0 / 3, Wasserstein.distance(new double[] {0, 1, 2}, new double[] {1}), 1e-15);
    }
}
