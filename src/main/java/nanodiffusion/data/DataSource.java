package nanodiffusion.data;

import org.apache.commons.rng.UniformRandomProvider;

/** A distribution of points in R^dim that training and evaluation draw from, one seeded random stream at a time. */
public interface DataSource extends java.io.Serializable {
    /** Coordinates per point. */
    int dim();

    /** A sampler bound to one random stream. */
    PointSampler sampler(UniformRandomProvider rng);

    /** Draws points from one stream. */
    interface PointSampler {
        /** Writes one point to out[offset .. offset + dim - 1]. */
        void next(double[] out, int offset);

        /** n points of {@code dim} coordinates each, interleaved. */
        default double[] points(int n, int dim) {
            double[] out = new double[dim * n];
            for (int i = 0; i < n; i++) {
                next(out, dim * i);
            }
            return out;
        }
    }
}
