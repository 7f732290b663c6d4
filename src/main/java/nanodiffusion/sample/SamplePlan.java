package nanodiffusion.sample;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed blocks of {@code blockSize} consecutive sample ids, grouped into contiguous partition ranges. Blocks do not
 * depend on the partition count, so neither do the samples.
 */
public record SamplePlan(long count, int blockSize, int partitions, int steps) implements Serializable {
    public long blocks() {
        return (count + blockSize - 1) / blockSize;
    }

    public long firstId(long block) {
        return block * blockSize;
    }

    public int blockSize(long block) {
        return (int) Math.min(blockSize, count - firstId(block));
    }

    /** [firstBlock, endBlock) for each partition, as evenly as whole blocks allow. */
    public List<long[]> partitionRanges() {
        List<long[]> ranges = new ArrayList<>(partitions);
        long blocks = blocks();
        for (int p = 0; p < partitions; p++) {
            ranges.add(new long[] {blocks * p / partitions, blocks * (p + 1) / partitions});
        }
        return ranges;
    }
}
