package nanodiffusion.data;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateContinuousSampler;

/**
 * The ring: x0 = u/|u| * g with u uniform on [-1,1]^2 and g ~ Gamma(shape = scale, rate = scale). The radius g has
 * mean 1 and standard deviation 1/sqrt(scale); the angle is that of a uniform point of the square, so mass gathers
 * towards the four diagonals.
 */
public final class RingDistribution implements DataSource {
    private static final long serialVersionUID = 1L;

    private final double scale;

    public RingDistribution(double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        this.scale = scale;
    }

    public double scale() {
        return scale;
    }

    @Override
    public int dim() {
        return 2;
    }

    /** A sampler bound to one random stream. */
    @Override
    public Sampler sampler(UniformRandomProvider rng) {
        return new Sampler(rng, AhrensDieterMarsagliaTsangGammaSampler.of(rng, scale, 1.0 / scale));
    }

    /** Draws ring points from one stream, written as interleaved (x, y) pairs. */
    public static final class Sampler implements PointSampler {
        private final UniformRandomProvider rng;
        private final SharedStateContinuousSampler gamma;

        private Sampler(UniformRandomProvider rng, SharedStateContinuousSampler gamma) {
            this.rng = rng;
            this.gamma = gamma;
        }

        /** Writes one point to out[offset], out[offset + 1]. */
        @Override
        public void next(double[] out, int offset) {
            double ux;
            double uy;
            double norm;
            do { // u = 0 has probability zero but no direction; draw again
                ux = 2 * rng.nextDouble() - 1;
                uy = 2 * rng.nextDouble() - 1;
                norm = Math.hypot(ux, uy);
            } while (norm == 0);
            double g = gamma.sample();
            out[offset] = ux / norm * g;
            out[offset + 1] = uy / norm * g;
        }

        /** n points as an interleaved array of length 2n. */
        public double[] points(int n) {
            double[] xy = new double[2 * n];
            for (int i = 0; i < n; i++) {
                next(xy, 2 * i);
            }
            return xy;
        }
    }
}
