package nanodiffusion.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions and the git commit recorded at build time, for provenance files. */
public final class BuildInfo {
    private BuildInfo() {
    }

    public static Map<String, String> versions(String runtimeSparkVersion) {
        Properties build = load("nanodiffusion/build.properties");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("app", build.getProperty("app.version", "unknown"));
        m.put("java", System.getProperty("java.version"));
        m.put("spark", runtimeSparkVersion);
        m.put("dl4j", build.getProperty("dl4j.version", "unknown"));
        return m;
    }

    /** The full commit id, with "-dirty" when built from uncommitted changes; "unknown" outside a git checkout. */
    public static String gitCommit() {
        Properties git = load("nanodiffusion/git.properties");
        String id = git.getProperty("git.commit.id");
        if (id == null || id.isBlank()) {
            return "unknown";
        }
        return "true".equals(git.getProperty("git.dirty")) ? id + "-dirty" : id;
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // provenance is best effort; the run itself does not depend on it
        }
        return p;
    }
}
