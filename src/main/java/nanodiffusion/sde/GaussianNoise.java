package nanodiffusion.sde;

/** A source of standard normal vectors for a batch of n points, one vector of the batch's dimension per point and call. */
@FunctionalInterface
public interface GaussianNoise {
    /** Writes one standard normal vector per point into z, interleaved like the points. */
    void fill(double[] z, int n);
}
