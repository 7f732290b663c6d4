package nanodiffusion.testing;

import org.apache.hadoop.fs.RawLocalFileSystem;

import java.net.URI;

/** The local file system under another scheme, for test file systems that change one behaviour of it. */
abstract class LocalFileSystemUnderScheme extends RawLocalFileSystem {
    private final String scheme;

    LocalFileSystemUnderScheme(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public URI getUri() {
        return URI.create(scheme + ":///");
    }

    @Override
    public String getScheme() {
        return scheme;
    }

    /** Runs {@code body} with {@code type} registered for its scheme in the CLI's Spark sessions (system properties). */
    public static void registered(String scheme, Class<? extends LocalFileSystemUnderScheme> type, Runnable body) {
        String key = "spark.hadoop.fs." + scheme + ".impl";
        System.setProperty(key, type.getName());
        System.setProperty(key + ".disable.cache", "true");
        try {
            body.run();
        } finally {
            System.clearProperty(key);
            System.clearProperty(key + ".disable.cache");
        }
    }
}
