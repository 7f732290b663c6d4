package nanodiffusion.cli;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceFailureTest {
    @Test
    void aJavaHeapErrorInsideASparkTaskFailureIsNamedWithAdvice() {
        Exception e = new SparkException("Job aborted", new RuntimeException(new OutOfMemoryError("Java heap space")));
        String m = ResourceFailure.of(e).orElseThrow().message();
        assertTrue(m.startsWith("out of Java memory (Java heap space)"), m);
        assertTrue(m.contains("-Xmx") && m.contains("train.batchSize"), m);
    }

    @Test
    void aNativeAllocationFailureIsNamed() {
        Exception e = new RuntimeException("std::bad_alloc");
        assertTrue(ResourceFailure.of(e).orElseThrow().message().startsWith("out of native memory"));
    }

    @Test
    void aNativeLibraryThatCannotBeMappedUnderAMemoryLimitIsNativeMemory() {
        Throwable e = new ExceptionInInitializerError(new UnsatisfiedLinkError("/root/.javacpp/cache/libjniopenblas.so: "
                + "libopenblas_nolapack.so.0: failed to map segment from shared object"));
        assertTrue(ResourceFailure.of(e).orElseThrow().message().startsWith("out of native memory"));
    }

    @Test
    void noSpaceLeftAsAPlainIoErrorIsADiskFailure() {
        Exception e = new java.io.UncheckedIOException(new IOException("No space left on device"));
        assertTrue(ResourceFailure.of(e).orElseThrow().message().startsWith("the disk is full"));
    }

    @Test
    void otherFailuresAreNotResourceFailures() {
        assertFalse(ResourceFailure.of(new IllegalStateException("bug", new IOException("connection reset"))).isPresent());
    }
}
