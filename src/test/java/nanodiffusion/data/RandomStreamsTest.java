package nanodiffusion.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RandomStreamsTest {
    @Test
    void streamsAreAddressedBySeedDomainAndIds() {
        assertEquals(RandomStreams.open(3, RandomStreams.Domain.TRAIN, 7, 1).nextLong(),
                RandomStreams.open(3, RandomStreams.Domain.TRAIN, 7, 1).nextLong());
        assertNotEquals(RandomStreams.key(3, RandomStreams.Domain.TRAIN, 7, 1),
                RandomStreams.key(3, RandomStreams.Domain.TRAIN, 1, 7));
        assertNotEquals(RandomStreams.key(3, RandomStreams.Domain.TRAIN, 7),
                RandomStreams.key(3, RandomStreams.Domain.SAMPLE, 7));
        assertNotEquals(RandomStreams.key(3, RandomStreams.Domain.TRAIN, 7),
                RandomStreams.key(4, RandomStreams.Domain.TRAIN, 7));
    }

    @Test
    void neighbouringIdsGetDistinctKeys() {
        Set<Long> keys = new HashSet<>();
        for (long step = 0; step < 1000; step++) {
            for (long w = 0; w < 8; w++) {
                keys.add(RandomStreams.key(0, RandomStreams.Domain.TRAIN, step, w));
            }
        }
        assertEquals(8000, keys.size());
    }

    @Test
    void neighbouringStreamsAreUncorrelated() {
        int n = 100_000;
        var a = RandomStreams.open(0, RandomStreams.Domain.SAMPLE, 10);
        var b = RandomStreams.open(0, RandomStreams.Domain.SAMPLE, 11);
        double sab = 0;
        for (int i = 0; i < n; i++) {
            sab += (a.nextDouble() - 0.5) * (b.nextDouble() - 0.5);
        }
        // correlation of independent uniforms has standard error 1/sqrt(n) = 0.003; allow 5 of them
        assertEquals(0, sab / n * 12, 0.016);
    }
}
