package nanodiffusion.cli;

import nanodiffusion.config.ConfigError;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.DataSourceKind;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.Settings;
import nanodiffusion.config.TableFormat;
import nanodiffusion.data.DataSource;
import nanodiffusion.data.DataSources;
import nanodiffusion.data.DemoMixture;
import nanodiffusion.pipeline.DemoTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** demo-table: writes an example table to learn with data.source = table. */
@Command(name = "demo-table", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
                "  submit/local.sh demo-table --out runs/weather.parquet",
                "  submit/local.sh demo-table --out runs/moons.csv --source moons --rows 20000"},
        description = {"Write an example table with Spark (Parquet or CSV): the weather-like 4-column mixture "
                + "(temperature, pressure, humidity, wind), or any generated source's points (columns x, y, or "
                + "x0 .. x{d-1}).",
                "Then: submit/local.sh run --out runs/table --set data.source=table --set data.path=TABLE"})
final class DemoTableCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "TABLE", required = true,
            description = "Folder to write the table into (any Hadoop URI); must not exist.")
    String out;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000", description = "Rows (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--source", paramLabel = "NAME", defaultValue = "weather",
            description = "weather (the 4-column mixture) or a data.source: ring, moons, 8gaussians, ... "
                    + "(default ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "2", description = "data.dim for --source ring.")
    int dim;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "8", description = "Part files (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet", description = "parquet or csv.")
    String format;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the rows' streams.")
    long seed;

    @Override
    public Integer call() {
        if (rows < 1) {
            throw ConfigError.of("--rows", rows, "must be >= 1");
        }
        if (partitions < 1 || partitions > rows) {
            throw ConfigError.of("--partitions", partitions, "must be between 1 and --rows");
        }
        TableFormat tableFormat = nanodiffusion.config.ConfigChoice.parse(TableFormat.class, "--format", format);
        if (tableFormat == TableFormat.AUTO) {
            throw ConfigError.of("--format", format, "must be parquet or csv");
        }
        DataSource generator;
        String[] columns;
        if (source.equals("weather")) {
            generator = new DemoMixture();
            columns = DemoMixture.COLUMNS;
        } else {
            RunConfig c = ConfigLoader.load(null, List.of(Settings.DATA_SOURCE.key() + "=" + source,
                    Settings.DATA_DIM.override(dim)));
            if (c.data().source() == DataSourceKind.TABLE) {
                throw ConfigError.of("--source", source, "must be weather or a generated source");
            }
            generator = DataSources.of(c.data());
            columns = DemoTable.columnsOf(generator);
        }
        DemoTable.run(out, generator, columns, rows, partitions, seed, tableFormat);
        return 0;
    }
}
