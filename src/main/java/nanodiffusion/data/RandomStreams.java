package nanodiffusion.data;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent random streams addressed by (seed, domain, ids...): the key is folded through the SplitMix64
 * finaliser, so any worker can open exactly the stream it needs without coordination, and results do not depend on
 * how work is split across partitions.
 */
public final class RandomStreams {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private RandomStreams() {
    }

    /** Purposes of streams; each gets a disjoint key space. */
    public enum Domain {
        TRAIN, SAMPLE, EVAL_TRUTH, EVAL_DIRECTIONS, INIT, LIKELIHOOD_POINTS, SWEEP, EVAL_FLOOR, LIKELIHOOD_PROBES, HOLDOUT, TABLE_PARTITION, HOLDOUT_EVAL, PROFILE
    }

    public static UniformRandomProvider open(long seed, Domain domain, long... ids) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(key(seed, domain, ids));
    }

    static long key(long seed, Domain domain, long... ids) {
        long h = mix(seed + GOLDEN_GAMMA);
        h = mix(h + GOLDEN_GAMMA * (domain.ordinal() + 1L));
        for (long id : ids) {
            h = mix(h + GOLDEN_GAMMA + mix(id));
        }
        return h;
    }

    /** SplitMix64's output function (Stafford variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
