package nanodiffusion.data;

import nanodiffusion.sde.GaussianNoise;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * One Gaussian stream per sample id, opened from (seed, id): sample i's starting point and every noise draw depend
 * only on the seed and i, so the samples are the same however ids are split into partitions and batches.
 */
public final class PerSampleNoise implements GaussianNoise {
    private final ContinuousSampler[] streams;
    private final int dim;

    /** Streams for ids firstId .. firstId + n - 1, each drawing {@code dim} coordinates per call. */
    public PerSampleNoise(long seed, long firstId, int n, int dim) {
        this.dim = dim;
        streams = new ContinuousSampler[n];
        for (int i = 0; i < n; i++) {
            streams[i] = ZigguratSampler.NormalizedGaussian.of(
                    RandomStreams.open(seed, RandomStreams.Domain.SAMPLE, firstId + i));
        }
    }

    @Override
    public void fill(double[] z, int n) {
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                z[dim * i + c] = streams[i].sample();
            }
        }
    }
}
