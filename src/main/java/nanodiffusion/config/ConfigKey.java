package nanodiffusion.config;

import java.util.List;

/**
 * One row of the key table ({@link ConfigLoader#keyTable}): a setting of {@link Settings}, the type it is read as,
 * its default, the comment above it in the bundled defaults file, and for a choice its allowed values. The one
 * source that the Spark ML stages' Params are generated from.
 */
public record ConfigKey(String key, Kind kind, Object defaultValue, String doc, List<String> choices) {
    /** How the loader reads a key. */
    public enum Kind {
        INT, LONG, DOUBLE, BOOLEAN,
        /** a single word: a choice (see {@link #choices}), a path, a comma-separated list, or "auto" or a count */
        STRING
    }
}
