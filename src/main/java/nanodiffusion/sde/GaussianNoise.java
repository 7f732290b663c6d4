package nanodiffusion.sde;

/** A source of standard normal vectors for a batch of n points, one (z_x, z_y) pair per point and call. */
@FunctionalInterface
public interface GaussianNoise {
    void fill(double[] z, int n);
}
