package nanodiffusion.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of training on a table: moments, standardisation, the held-out split and the weighted draw. */
class TableDataTest {
    @Test
    void standardisationRoundTripsAndMomentsMergeLikeOnePass() {
        double[] rows = new DemoMixture().sampler(RandomStreams.open(1, RandomStreams.Domain.TRAIN)).points(10_000, 4);
        ColumnMoments whole = new ColumnMoments(4);
        ColumnMoments first = new ColumnMoments(4);
        ColumnMoments second = new ColumnMoments(4);
        for (int i = 0; i < 10_000; i++) {
            whole.add(rows, 4 * i);
            (i < 3_000 ? first : second).add(rows, 4 * i);
        }
        ColumnMoments merged = first.merge(second);
        for (int c = 0; c < 4; c++) {
            // Welford and Chan's merge agree with one pass to rounding: relative 1e-12 of values near 1000
            assertEquals(whole.mean(c), merged.mean(c), 1e-12 * Math.abs(whole.mean(c)));
            assertEquals(whole.std(c), merged.std(c), 1e-10 * whole.std(c));
        }
        double[] mean = new double[4];
        double[] std = new double[4];
        for (int c = 0; c < 4; c++) {
            mean[c] = whole.mean(c);
            std[c] = whole.std(c);
        }
        Standardization st = new Standardization(mean, std);
        double[] z = rows.clone();
        st.standardize(z);
        ColumnMoments zm = new ColumnMoments(4);
        for (int i = 0; i < 10_000; i++) {
            zm.add(z, 4 * i);
        }
        for (int c = 0; c < 4; c++) {
            assertEquals(0, zm.mean(c), 1e-9, "standardised mean");
            assertEquals(1, zm.std(c), 1e-9, "standardised std");
        }
        st.restore(z);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(rows[i], z[i], 1e-12 * Math.max(1, Math.abs(rows[i])), "round trip"); // two roundings
        }
        assertEquals(Arrays.stream(std).map(Math::log).sum(), st.logJacobian(), 1e-12);
    }

    @Test
    void heldOutSplitDependsOnlyOnTheRowSeedAndFraction() {
        double[] rows = new DemoMixture().sampler(RandomStreams.open(2, RandomStreams.Domain.TRAIN)).points(20_000, 4);
        int held = 0;
        for (int i = 0; i < 20_000; i++) {
            long key = RowHash.key(rows, 4 * i, 4);
            assertEquals(key, RowHash.key(rows.clone(), 4 * i, 4), "the key is the values'");
            boolean out = RowHash.heldOut(key, 7, 0.1);
            held += out ? 1 : 0;
            assertEquals(out, RowHash.heldOut(key, 7, 0.1));
            assertTrue(!RowHash.heldOut(key, 7, 0.05) || out, "a smaller fraction holds out a subset");
        }
        // 20,000 rows at 0.1: binomial sd sqrt(20000 * 0.09) = 42; 5 sd
        assertEquals(2_000, held, 212);
        double[] zero = {0.0, -0.0};
        assertEquals(RowHash.key(zero, 0, 1), RowHash.key(zero, 1, 1), "-0 and 0 are the same value");
    }

    /**
     * Three shards of 50, 150 and 800 distinct rows, each drawn the same number of times (as workers are), with the
     * shard weights: every row's weighted count then has expectation D W / N, and the chi-square statistic
     * sum (X_r - E)^2 / Var_r over the N = 1000 rows is about N (sd sqrt(2N) = 45); allowed N +- 5 sd. Without
     * the weights the small shard's rows are drawn 16x as often as the large one's and the statistic explodes.
     */
    @Test
    void weightedPerShardDrawsAreAnUnbiasedDrawOfTheWholeTable() {
        long[] sizes = {50, 150, 800};
        double[] weights = TableShard.weights(sizes);
        int n = 1000;
        int draws = 200_000;
        double[] weighted = new double[n];
        double[] unweighted = new double[n];
        int first = 0;
        for (int w = 0; w < sizes.length; w++) {
            double[] rows = new double[(int) sizes[w]];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = first + i; // the row's global index
            }
            TableShard shard = new TableShard(1, rows, weights[w]);
            DataSource.PointSampler s = shard.sampler(RandomStreams.open(3, RandomStreams.Domain.TRAIN, w));
            double[] x = new double[1];
            for (int k = 0; k < draws; k++) {
                s.next(x, 0);
                weighted[(int) x[0]] += shard.weight();
                unweighted[(int) x[0]] += 1;
            }
            first += rows.length;
        }
        double expected = (double) draws * sizes.length / n;
        double chi = 0;
        double chiUnweighted = 0;
        int row = 0;
        for (int w = 0; w < sizes.length; w++) {
            double p = 1.0 / sizes[w];
            double variance = weights[w] * weights[w] * draws * p * (1 - p);
            double varianceUnweighted = draws * p * (1 - p);
            for (int i = 0; i < sizes[w]; i++, row++) {
                chi += Math.pow(weighted[row] - expected, 2) / variance;
                chiUnweighted += Math.pow(unweighted[row] - expected, 2) / varianceUnweighted;
            }
        }
        assertEquals(n, chi, 5 * Math.sqrt(2 * n), "weighted draws: chi-square " + chi);
        assertTrue(chiUnweighted > 100 * n, "unweighted draws are biased: chi-square " + chiUnweighted);
        assertArrayEquals(new double[] {0.15, 0.45, 2.4}, weights, 1e-12);
    }
}
