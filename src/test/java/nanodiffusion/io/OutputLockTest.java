package nanodiffusion.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputLockTest {
    private final Storage storage = new Storage(new Configuration());

    private static String lockOf(long pid, String host) {
        return "{\"host\":\"" + host + "\",\"pid\":" + pid + ",\"command\":\"train\",\"started\":\"2026-01-01T00:00:00Z\"}";
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolderUntilTheFirstReleases(@TempDir File dir) {
        Path folder = new Path(dir.toURI());
        OutputLock first = OutputLock.acquire(storage, folder, "train");
        OutputLock.Held held = assertThrows(OutputLock.Held.class, () -> OutputLock.acquire(storage, folder, "run"));
        assertTrue(held.getMessage().contains("is in use by train (pid " + ProcessHandle.current().pid()),
                held.getMessage());
        first.close();
        assertFalse(new File(dir, OutputLock.FILE).exists(), "released");
        OutputLock.acquire(storage, folder, "run").close();
    }

    @Test
    void aLockOfAProcessThatIsGoneIsTakenOverAndOneOfAnotherHostIsNot(@TempDir File dir)
            throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        File lock = new File(dir, OutputLock.FILE);
        Files.writeString(lock.toPath(), lockOf(gone.pid(), host));
        Path folder = new Path(dir.toURI());
        OutputLock taken = OutputLock.acquire(storage, folder, "train");
        assertTrue(Files.readString(lock.toPath()).contains("\"pid\":" + ProcessHandle.current().pid()), "now ours");
        taken.close();
        Files.writeString(lock.toPath(), lockOf(gone.pid(), "some-other-host"));
        OutputLock.Held held = assertThrows(OutputLock.Held.class, () -> OutputLock.acquire(storage, folder, "train"));
        assertTrue(held.getMessage().contains("on some-other-host") && held.getMessage().contains("delete "),
                held.getMessage());
    }
}
