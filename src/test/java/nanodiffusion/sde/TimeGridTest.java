package nanodiffusion.sde;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeGridTest {
    @Test
    void uniformGridIsTheSeedsGridBitForBit() {
        double dt = 1.0 / 200;
        TimeGrid grid = TimeGrid.uniform(1, 200);
        for (int k = 200; k >= 1; k--) {
            assertEquals(k * dt, grid.time(k), 0.0);
            assertEquals(dt, grid.width(k), 0.0);
        }
    }

    @Test
    void quadraticGridRunsFromTToZeroWithStepsShrinkingTowardsZero() {
        TimeGrid grid = new TimeGrid(2, 200, 2);
        assertEquals(2, grid.time(200), 0.0);
        assertEquals(0, grid.time(0), 0.0);
        double total = 0;
        for (int k = 200; k >= 1; k--) {
            total += grid.width(k);
            assertEquals(2 * Math.pow(k / 200.0, 2), grid.time(k), 1e-15);
            if (k > 1) {
                assertTrue(grid.width(k) > grid.width(k - 1), "step " + k);
            }
        }
        assertEquals(2, total, 1e-12);
        assertEquals(2 / 40_000.0, grid.width(1), 1e-18); // the last step is T / N^2
    }

    @Test
    void refusesPowersBelowOneAndEmptyGrids() {
        assertThrows(IllegalArgumentException.class, () -> new TimeGrid(1, 200, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new TimeGrid(1, 200, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new TimeGrid(1, 0, 2));
    }
}
