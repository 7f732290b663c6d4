package nanodiffusion.config;

import java.util.List;

import static nanodiffusion.config.Settings.DATA_COLUMNS;
import static nanodiffusion.config.Settings.DATA_DROP_INVALID;
import static nanodiffusion.config.Settings.DATA_FORMAT;
import static nanodiffusion.config.Settings.DATA_HOLDOUT;
import static nanodiffusion.config.Settings.DATA_PATH;
import static nanodiffusion.config.Settings.DATA_STANDARDIZE;

/**
 * The user's table (data.source = table): where it is ({@code path}, any Hadoop file system URI or local path, a
 * folder of part files or one file), how to read it, which numeric {@code columns} to learn (empty: every numeric
 * column), the {@code holdout} fraction of rows kept for evaluation, whether columns are standardised, and whether
 * rows with a null, NaN or infinite value in a learned column are dropped (otherwise they are an error).
 */
public record TableConfig(String path, TableFormat format, List<String> columns, double holdout, boolean standardize,
                          boolean dropInvalid) implements java.io.Serializable {
    public TableConfig {
        ConfigError.require(path != null, DATA_PATH, null, "must be set");
        ConfigError.require(format != null, DATA_FORMAT, null, "must be set");
        columns = List.copyOf(columns);
        ConfigError.require(columns.stream().noneMatch(String::isBlank), DATA_COLUMNS, columns,
                "must be column names separated by commas (an empty name was given)");
        ConfigError.require(columns.stream().distinct().count() == columns.size(), DATA_COLUMNS, columns,
                "names a column twice");
        ConfigError.require(holdout > 0 && holdout < 1, DATA_HOLDOUT, holdout, "must be in (0, 1)");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static TableConfig read(SettingSource s) {
        return new TableConfig(s.get(DATA_PATH), s.get(DATA_FORMAT), s.get(DATA_COLUMNS), s.get(DATA_HOLDOUT),
                s.get(DATA_STANDARDIZE), s.get(DATA_DROP_INVALID));
    }

    /** The format to read: data.format, or for auto the path's extension (.csv: CSV, anything else: Parquet). */
    public TableFormat resolvedFormat() {
        if (format != TableFormat.AUTO) {
            return format;
        }
        String p = path.toLowerCase(java.util.Locale.ROOT).replaceAll("/+$", "");
        return p.endsWith(".csv") || p.endsWith(".csv.gz") ? TableFormat.CSV : TableFormat.PARQUET;
    }

    /** The same settings for another path. */
    public TableConfig withPath(String other) {
        return new TableConfig(other, format, columns, holdout, standardize, dropInvalid);
    }

    /** The same table with its learned columns resolved (the table's numeric columns when none were named). */
    public TableConfig withColumns(List<String> resolved) {
        return new TableConfig(path, format, resolved, holdout, standardize, dropInvalid);
    }
}
