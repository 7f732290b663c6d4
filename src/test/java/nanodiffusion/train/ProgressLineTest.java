package nanodiffusion.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLineTest {
    @Test
    void theLineNamesTheHeapAfterTheLastCollectionWhenKnown() {
        assertEquals("step 4000/20000 loss=0.1812 samples/s=61234 eta=3m12s heap=84MB",
                ProgressLine.format(4000, 20000, 0.18121, 61234.4, 192, 84));
        assertEquals("step 10/10 loss=0.5000 samples/s=100 eta=0s", ProgressLine.format(10, 10, 0.5, 100, 0, -1));
    }

    @Test
    void heapAfterGcIsReadFromTheCollectorsRecordsAndBoundedByTheHeap() {
        System.gc(); // a collection to read (the production code never forces one)
        long mb = HeapAfterGc.megabytes();
        assertTrue(mb >= 0 && mb <= Runtime.getRuntime().maxMemory() >> 20, "heap after GC " + mb + " MB");
    }
}
