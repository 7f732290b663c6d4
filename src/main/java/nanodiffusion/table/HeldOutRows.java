package nanodiffusion.table;

import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.RowHash;
import nanodiffusion.eval.PointCloud;
import scala.Tuple2;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;

/**
 * The held-out rows evaluation compares samples with: at most {@code max} of them, in a seeded random order that
 * depends only on their values (the smallest keys (seed, HOLDOUT_EVAL, row key)), so any prefix is a uniform
 * subsample and two disjoint halves are independent draws. Only these rows reach the driver.
 */
public final class HeldOutRows {
    private HeldOutRows() {
    }

    /** Rows in the table's units, in that order. */
    public static PointCloud collect(UserTable table, long seed, int max) {
        double holdout = table.config().holdout();
        List<Tuple2<Double, double[]>> rows = table.values()
                .mapToPair(v -> new Tuple2<>(RowHash.key(v, 0, v.length), v)) // each row's key computed once
                .filter(row -> RowHash.heldOut(row._1(), seed, holdout))
                .map(row -> new Tuple2<>(RowHash.uniform(row._1(), seed, RandomStreams.Domain.HOLDOUT_EVAL), row._2()))
                .takeOrdered(max, new ByOrder());
        if (rows.isEmpty()) {
            throw new BadTable("data.path = " + table.config().path() + ": no held-out rows (data.holdout = "
                    + holdout + " of " + table.rows() + " rows); raise data.holdout or add rows");
        }
        int d = table.dim();
        double[] packed = new double[rows.size() * d];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i)._2(), 0, packed, d * i, d);
        }
        return PointCloud.interleaved(packed, d);
    }

    private static final class ByOrder implements Comparator<Tuple2<Double, double[]>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Tuple2<Double, double[]> a, Tuple2<Double, double[]> b) {
            int c = Double.compare(a._1(), b._1());
            return c != 0 ? c : java.util.Arrays.compare(a._2(), b._2());
        }
    }
}
