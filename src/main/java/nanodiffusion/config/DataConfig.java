package nanodiffusion.config;

import java.util.List;

import static nanodiffusion.config.Settings.DATA_DIM;
import static nanodiffusion.config.Settings.DATA_PATH;
import static nanodiffusion.config.Settings.DATA_SCALE;
import static nanodiffusion.config.Settings.DATA_SOURCE;

/**
 * The training data: {@code source} (the ring, one of the 2D toy densities, or the user's table) in {@code dim}
 * coordinates and, for the ring, x0 = u/|u| * g with u uniform on the cube [-1,1]^dim and g ~ Gamma(shape = scale,
 * rate = scale), so the radius has mean 1 and standard deviation 1/sqrt(scale). Only the ring takes a dimension
 * other than 2 by setting; a table's dimension is its number of learned columns, resolved when it is opened.
 */
public record DataConfig(DataSourceKind source, int dim, double scale, TableConfig table)
        implements java.io.Serializable {
    /** The seed's dimension, and what a model folder that records none was trained in. */
    public static final int SEED_DIM = 2;

    public DataConfig {
        ConfigError.require(source != null, DATA_SOURCE, null, "must be set");
        ConfigError.require(dim >= 1, DATA_DIM, dim, "must be >= 1");
        ConfigError.require(source.anyDimension() || dim == 2, DATA_DIM, dim, "data.source = "
                + source.configName() + " is a 2D density; set data.dim = 2 (only data.source = ring takes any dimension)");
        ConfigError.require(scale > 0 && Double.isFinite(scale), DATA_SCALE, scale, "must be a finite number > 0");
        ConfigError.require(source != DataSourceKind.TABLE || !table.path().isBlank(), DATA_PATH, "\"\"",
                "must name the table to learn (a Parquet or CSV file or folder) when data.source = table");
    }

    /** The settings of this record, read from {@code s} in its components' order. */
    static DataConfig read(SettingSource s) {
        return new DataConfig(s.get(DATA_SOURCE), s.get(DATA_DIM), s.get(DATA_SCALE), TableConfig.read(s));
    }

    /** The seed's 2D ring of the given scale. */
    public DataConfig(double scale) {
        this(DataSourceKind.RING, SEED_DIM, scale, new TableConfig("", TableFormat.AUTO, List.of(), 0.1, true, false));
    }

    /** The same data with a table's resolved columns, and their count as the dimension. */
    public DataConfig withTableColumns(List<String> columns) {
        return new DataConfig(source, columns.size(), scale, table.withColumns(columns));
    }
}
