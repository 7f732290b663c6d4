package nanodiffusion.data;

import nanodiffusion.sde.Euclidean;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateContinuousSampler;

/**
 * The seed's ring in R^n (its {@code gen_x0(n, scale)}): x0 = u/|u| * g with u uniform on the cube [-1,1]^n and
 * g ~ Gamma(shape = scale, rate = scale). The radius g has mean 1 and standard deviation 1/sqrt(scale); the direction
 * is that of a uniform point of the cube, so mass gathers towards the cube's diagonals (in 2D, the four diagonals).
 */
public final class RingDistribution implements DataSource {
    private static final long serialVersionUID = 2L;

    private final double scale;
    private final int dim;

    public RingDistribution(double scale, int dim) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        this.scale = scale;
        this.dim = dim;
    }

    /** The seed's 2D ring. */
    public RingDistribution(double scale) {
        this(scale, 2);
    }

    public double scale() {
        return scale;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** A sampler bound to one random stream. */
    @Override
    public Sampler sampler(UniformRandomProvider rng) {
        return new Sampler(rng, AhrensDieterMarsagliaTsangGammaSampler.of(rng, scale, 1.0 / scale), dim);
    }

    /** Draws ring points from one stream: per point the n cube coordinates, then the radius. */
    public static final class Sampler implements PointSampler {
        private final UniformRandomProvider rng;
        private final SharedStateContinuousSampler gamma;
        private final double[] u;

        private Sampler(UniformRandomProvider rng, SharedStateContinuousSampler gamma, int dim) {
            this.rng = rng;
            this.gamma = gamma;
            this.u = new double[dim];
        }

        /** Writes one point to out[offset .. offset + dim - 1]. */
        @Override
        public void next(double[] out, int offset) {
            double norm;
            do { // u = 0 has probability zero but no direction; draw again
                for (int c = 0; c < u.length; c++) {
                    u[c] = 2 * rng.nextDouble() - 1;
                }
                norm = Euclidean.norm(u, 0, u.length);
            } while (norm == 0);
            double g = gamma.sample();
            for (int c = 0; c < u.length; c++) {
                out[offset + c] = u[c] / norm * g;
            }
        }

        /** n points as an interleaved array of length dim n. */
        public double[] points(int n) {
            return points(n, u.length);
        }
    }
}
