package nanodiffusion.eval;

import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.ToyDistributions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnergyDistanceTest {
    @Test
    void twoPointMassesAreTwiceTheirDistanceApart() {
        // X = 0, Y = (3, 4) surely: 2 * 5 - 0 - 0
        PointCloud a = new PointCloud(new double[] {0, 0}, new double[] {0, 0});
        PointCloud b = new PointCloud(new double[] {3, 3}, new double[] {4, 4});
        assertEquals(10, EnergyDistance.of(a, b, 5000), 1e-12);
        assertEquals(0, EnergyDistance.of(a, a, 5000), 1e-12);
    }

    @Test
    void twoDrawsOfOneLawAreCloseAndTwoLawsAreNot() {
        PointCloud a = PointCloud.interleaved(ToyDistributions.EIGHT_GAUSSIANS.sampler(RandomStreams.open(1,
                RandomStreams.Domain.EVAL_FLOOR, 0)).points(3000, 2), 2);
        PointCloud b = PointCloud.interleaved(ToyDistributions.EIGHT_GAUSSIANS.sampler(RandomStreams.open(1,
                RandomStreams.Domain.EVAL_FLOOR, 1)).points(3000, 2), 2);
        PointCloud c = PointCloud.interleaved(ToyDistributions.CIRCLES.sampler(RandomStreams.open(1,
                RandomStreams.Domain.EVAL_FLOOR, 2)).points(3000, 2), 2);
        double same = EnergyDistance.of(a, b, 3000);
        double other = EnergyDistance.of(a, c, 3000);
        // two samples of one law: of order E|X - X'| / m ~ 4 / 3000; two laws of similar scale: ~0.1
        assertTrue(same >= 0 && same < 0.01, "same law: " + same);
        assertTrue(other > 10 * same, "8gaussians against circles: " + other + ", same law " + same);
    }
}
