package nanodiffusion.config;

/** How data.path is read (data.format): Parquet, CSV with a header row, or auto (from the path's extension). */
public enum TableFormat implements ConfigChoice {
    AUTO, PARQUET, CSV;
}
