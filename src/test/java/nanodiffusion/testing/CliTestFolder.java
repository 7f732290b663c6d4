package nanodiffusion.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * For a test class that runs the CLI in-process: a temp folder for its runs and the Spark properties of
 * {@link CliSparkProperties}, made before the class's tests and removed after them. Register it with
 * {@code @RegisterExtension static final CliTestFolder FOLDER = new CliTestFolder("nd-name");}.
 */
public final class CliTestFolder implements BeforeAllCallback, AfterAllCallback {
    private final String prefix;
    private Path dir;
    private CliSparkProperties sparkProperties;

    public CliTestFolder(String prefix) {
        this.prefix = prefix;
    }

    /** The folder, for the class's runs. */
    public Path dir() {
        return dir;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        dir = LocalSpark.tempFolder(prefix);
        sparkProperties = new CliSparkProperties();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sparkProperties.close();
        LocalSpark.deleteRecursively(dir);
    }
}
