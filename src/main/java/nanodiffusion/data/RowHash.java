package nanodiffusion.data;

/**
 * A stable key per table row, from its learned values alone (their IEEE bits folded through the SplitMix64
 * finaliser), and the held-out split it decides: a row is held out when the key, mixed with the seed, falls in the
 * first {@code holdout} fraction of [0, 1). The split depends on nothing but the row's values, the seed and the
 * fraction - not on files, partitions or row order; equal rows fall on the same side.
 */
public final class RowHash {
    private RowHash() {
    }

    /** The key of the row at values[offset .. offset + dim - 1]. */
    public static long key(double[] values, int offset, int dim) {
        long h = 0x243F6A8885A308D3L;
        for (int c = 0; c < dim; c++) {
            double v = values[offset + c];
            h = RandomStreams.mix(h + 0x9E3779B97F4A7C15L + Double.doubleToLongBits(v == 0 ? 0.0 : v)); // -0 == 0
        }
        return h;
    }

    /** A uniform number in [0, 1) from the key and the seed, for one purpose (domain). */
    public static double uniform(long key, long seed, RandomStreams.Domain domain) {
        long h = RandomStreams.key(seed, domain, key);
        return (h >>> 11) * 0x1.0p-53;
    }

    public static boolean heldOut(long key, long seed, double holdout) {
        return uniform(key, seed, RandomStreams.Domain.HOLDOUT) < holdout;
    }
}
