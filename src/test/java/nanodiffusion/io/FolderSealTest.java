package nanodiffusion.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderSealTest {
    private final Storage storage = new Storage(new Configuration());

    /** A folder with one file, sealed; returns the folder. */
    private Path sealed(File dir) throws Exception {
        Files.writeString(dir.toPath().resolve("network.zip"), "weights");
        Path folder = new Path(dir.toURI());
        FolderSeal.seal(storage, folder);
        return folder;
    }

    private String refusal(File dir, String seal) throws Exception {
        Path folder = sealed(dir);
        Files.writeString(dir.toPath().resolve(FolderSeal.FILE), seal);
        return assertThrows(Storage.StorageError.class, () -> FolderSeal.verify(storage, folder)).getMessage();
    }

    private static String marker(File dir) {
        return new Path(new Path(dir.toURI()), FolderSeal.FILE).toString();
    }

    @Test
    void aSealedFolderVerifies(@TempDir File dir) throws Exception {
        FolderSeal.verify(storage, sealed(dir)); // no exception: every listed file matches
    }

    @Test
    void anEmptySealIsRefusedInsteadOfTurningTheChecksumsOff(@TempDir File dir) throws Exception {
        String message = refusal(dir, "");
        assertEquals(marker(dir) + ": not a usable seal: empty; it lists no files to check, so "
                + "the folder cannot be trusted (write it again: train, or save the model again)", message);
    }

    @Test
    void aSealThatIsNotJsonIsRefusedNamingTheMarker(@TempDir File dir) throws Exception {
        String message = refusal(dir, "{\"files\": {\"network.zip\": ");
        assertTrue(message.startsWith(marker(dir) + ": not a usable seal: not JSON ("), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void aSealWithoutAFileListOrWithAnEmptyOneIsRefused(@TempDir File dir) throws Exception {
        assertEquals(marker(dir) + ": not a usable seal: no file list", refusal(dir, "{}"));
        assertEquals(marker(dir) + ": not a usable seal: no file list",
                refusal(dir, "{\"files\": {}}"));
    }

    @Test
    void aSealEntryWithoutItsSizeOrChecksumIsRefusedNamingTheEntry(@TempDir File dir) throws Exception {
        String expected = marker(dir) + ": not a usable seal: the entry of network.zip lacks its "
                + "size or SHA-256";
        assertEquals(expected, refusal(dir, "{\"files\": {\"network.zip\": {\"bytes\": 7}}}"));
        assertEquals(expected, refusal(dir, "{\"files\": {\"network.zip\": {\"sha256\": \"" + "0".repeat(64) + "\"}}}"));
        assertEquals(expected, refusal(dir, "{\"files\": {\"network.zip\": {\"bytes\": \"7\", \"sha256\": \""
                + "0".repeat(64) + "\"}}}"));
    }
}
