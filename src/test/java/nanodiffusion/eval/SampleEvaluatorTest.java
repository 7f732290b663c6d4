package nanodiffusion.eval;

import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.RingDistribution;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleEvaluatorTest {
    private final RingDistribution ring = new RingDistribution(200);
    private final SampleEvaluator evaluator = new SampleEvaluator(ring, 64, 0);

    private PointCloud otherTrueDraw(int n) {
        return PointCloud.interleaved(ring.sampler(RandomStreams.open(99, RandomStreams.Domain.EVAL_TRUTH)).points(n), 2);
    }

    @Test
    void twoTrueDrawsSitAtTheNoiseFloor() {
        SampleMetrics m = evaluator.evaluate(otherTrueDraw(50_000));
        // REFERENCE.md's noise floor at 100k is 0.0023 / 0.0004 / 0.0058; at 50k expect about sqrt(2) more
        assertTrue(m.slicedW1() < 0.005, "sliced " + m.slicedW1());
        assertTrue(m.radialW1() < 0.001, "radial " + m.radialW1());
        assertTrue(m.angularW1() < 0.012, "angular " + m.angularW1());
        assertEquals(1.0, m.meanRadius(), 2e-3);
        assertEquals(1 / Math.sqrt(200), m.stdRadius(), 2e-3);
        assertEquals(0, m.nNonfinite());
    }

    @Test
    void widerRingIsFarFromTruthAndNonFiniteRowsAreCountedAndDropped() {
        PointCloud wide = PointCloud.interleaved(new RingDistribution(20)
                .sampler(RandomStreams.open(5, RandomStreams.Domain.EVAL_TRUTH)).points(20_000), 2);
        double[] x = wide.x().clone();
        x[0] = Double.NaN;
        x[1] = Double.POSITIVE_INFINITY;
        SampleMetrics m = evaluator.evaluate(new PointCloud(x, wide.y()));
        assertEquals(2, m.nNonfinite());
        assertEquals(20_000, m.nSamples());
        // radius std 1/sqrt(20) = 0.224 against 0.071: W1 of the radii is about 0.12
        assertTrue(m.radialW1() > 0.08, "radial " + m.radialW1());
        assertEquals(1 / Math.sqrt(20), m.stdRadius(), 0.01);
    }

    @Test
    void slicedDistanceIsTheMeanOverDirectionsInOrderOnAnyNumberOfThreads() throws Exception {
        PointCloud samples = otherTrueDraw(20_000);
        PointCloud truth = evaluator.truth(20_000);
        double[][] directions = SampleEvaluator.directions(64, 2);
        double oneByOne = oneByOne(samples, truth, directions);
        // exact equality: a run's metrics are repeatable bit for bit whatever the cores
        assertEquals(oneByOne, SampleEvaluator.sliced(samples, truth, directions), 0.0);
        for (int threads : new int[] {1, 3}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                assertEquals(oneByOne, pool.submit(() -> SampleEvaluator.sliced(samples, truth, directions)).get(),
                        0.0, threads + " threads");
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void cloudsScoredTogetherAgainstOneTruthGetExactlyTheirDistancesAlone() throws Exception {
        PointCloud truth = evaluator.truth(10_000);
        PointCloud wide = PointCloud.interleaved(new RingDistribution(20)
                .sampler(RandomStreams.open(5, RandomStreams.Domain.EVAL_TRUTH)).points(10_000), 2);
        List<PointCloud> clouds = List.of(otherTrueDraw(10_000), wide, otherTrueDraw(10_000).slice(0, 7_000));
        double[][] directions = SampleEvaluator.directions(64, 2);
        for (int threads : new int[] {1, 3}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                double[] together = pool.submit(() -> SampleEvaluator.sliced(clouds, truth, directions)).get();
                for (int c = 0; c < clouds.size(); c++) {
                    assertEquals(oneByOne(clouds.get(c), truth, directions), together[c], 0.0,
                            "cloud " + c + " on " + threads + " threads");
                }
                assertTrue(together[1] > 3 * together[0], "the wide ring stays far: " + together[1] + " against " + together[0]);
            } finally {
                pool.shutdown();
            }
        }
    }

    /** The mean over the directions, in their order, of each projection's W1. */
    private static double oneByOne(PointCloud cloud, PointCloud truth, double[][] directions) {
        double sum = 0;
        for (double[] u : directions) {
            sum += Wasserstein.distance(cloud.project(u), truth.project(u));
        }
        return sum / directions.length;
    }
}
