package nanodiffusion.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;

import java.io.File;
import java.net.URL;

/**
 * The includer of every settings file this tool reads: it refuses {@code include} of any kind - URLs (which would
 * make a request), files (which could read anything the user can) and class-path resources - naming what was to
 * be included. A settings file holds its own keys; layer several with --conf and --set instead.
 */
final class NoIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        throw refused("include \"" + what + "\"");
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        throw refused("include file(\"" + what + "\")");
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        throw refused("include url(\"" + what + "\")");
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        throw refused("include classpath(\"" + what + "\")");
    }

    private static ConfigException refused(String include) {
        return new ConfigException.Generic(include + " is not allowed: settings files may not include others "
                + "(nothing was read or fetched); put the keys in this file or pass another --conf / --set");
    }
}
