package nanodiffusion.eval;

/**
 * The energy distance between two point clouds in R^d, 2 E|X - Y| - E|X - X'| - E|Y - Y'| (Szekely and Rizzo), over
 * the first {@code m} points of each (all pairs, so O(m^2 d)): zero only for equal laws, and, unlike W1 of
 * projections, sensitive to the joint shape. The V-statistic form (pairs including i = j) is used, so it is >= 0.
 */
public final class EnergyDistance {
    private EnergyDistance() {
    }

    public static double of(PointCloud a, PointCloud b, int m) {
        int na = Math.min(m, a.size());
        int nb = Math.min(m, b.size());
        return 2 * meanDistance(a, na, b, nb) - meanDistance(a, na, a, na) - meanDistance(b, nb, b, nb);
    }

    private static double meanDistance(PointCloud p, int np, PointCloud q, int nq) {
        int dim = p.dim();
        double[][] pc = p.columns();
        double[][] qc = q.columns();
        double[] point = new double[dim];
        double sum = 0;
        for (int i = 0; i < np; i++) {
            for (int c = 0; c < dim; c++) {
                point[c] = pc[c][i];
            }
            double row = 0;
            for (int j = 0; j < nq; j++) {
                double squared = 0;
                for (int c = 0; c < dim; c++) {
                    double diff = point[c] - qc[c][j];
                    squared += diff * diff;
                }
                row += Math.sqrt(squared);
            }
            sum += row;
        }
        return sum / ((double) np * nq);
    }
}
