package nanodiffusion.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ExponentialAverageTest {
    private static INDArray vector(double... v) {
        return Nd4j.create(v).castTo(DataType.DOUBLE);
    }

    @Test
    void updatesFollowTheHandComputedSequence() {
        // from step 1000 on the warm-up bound (1001/1010) exceeds 0.5, so d = 0.5 exactly
        ExponentialAverage ema = new ExponentialAverage(0.5, vector(0, 4));
        ema.update(vector(2, 0), 1000, 1); // 0.5*(0,4) + 0.5*(2,0) = (1, 2)
        assertArrayEquals(new double[] {1, 2}, ema.value().toDoubleVector(), 1e-15);
        ema.update(vector(5, 6), 1001, 1); // 0.5*(1,2) + 0.5*(5,6) = (3, 4)
        assertArrayEquals(new double[] {3, 4}, ema.value().toDoubleVector(), 1e-15);
        ema.update(vector(7, 0), 1002, 2); // 0.25*(3,4) + 0.75*(7,0) = (6, 1)
        assertArrayEquals(new double[] {6, 1}, ema.value().toDoubleVector(), 1e-15);
    }

    @Test
    void warmupDecayTracksEarlyParametersClosely() {
        ExponentialAverage ema = new ExponentialAverage(0.999, vector(0));
        assertEquals(0.1, ema.decayAt(0), 1e-15);      // (1 + 0) / (10 + 0)
        assertEquals(0.5, ema.decayAt(8), 1e-15);      // 9 / 18
        assertEquals(0.999, ema.decayAt(20_000), 0);   // the configured decay once warmed up
        ema.update(vector(10), 0, 1);
        assertArrayEquals(new double[] {9}, ema.value().toDoubleVector(), 1e-12); // 0.1*0 + 0.9*10
    }

    @Test
    void oneUpdateOfKStepsEqualsKUpdatesWithTheSameParameters() {
        INDArray theta = vector(1.5, -2);
        ExponentialAverage once = new ExponentialAverage(0.999, vector(0, 0));
        ExponentialAverage each = new ExponentialAverage(0.999, vector(0, 0));
        once.update(theta, 5, 10);
        for (int i = 0; i < 10; i++) {
            each.update(theta, 5 + i, 1);
        }
        // double precision; ten products and sums
        assertArrayEquals(each.value().toDoubleVector(), once.value().toDoubleVector(), 1e-14);
    }

    @Test
    void startsFromACopyNotAView() {
        INDArray start = vector(1, 1);
        ExponentialAverage ema = new ExponentialAverage(0.9, start);
        ema.update(vector(0, 0), 100, 1);
        assertArrayEquals(new double[] {1, 1}, start.toDoubleVector(), 0.0);
    }
}
