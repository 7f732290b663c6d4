package nanodiffusion.config;

import java.util.List;

/**
 * One row of the settings table: a key the loader reads, the type it reads it as, its default (from the bundled
 * defaults file), the comment above it there, and for a choice its allowed values. The one source that the Spark ML
 * stages' Params are generated from.
 */
public record ConfigKey(String key, Kind kind, Object defaultValue, String doc, List<String> choices) {
    /** How the loader reads a key. */
    public enum Kind {
        INT, LONG, DOUBLE, BOOLEAN,
        /** a single word: a choice (see {@link #choices}), a path, a comma-separated list, or "auto" or a count */
        STRING
    }
}
