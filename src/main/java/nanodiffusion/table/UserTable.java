package nanodiffusion.table;

import nanodiffusion.config.TableConfig;
import nanodiffusion.config.TableFormat;
import nanodiffusion.io.OneLine;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The user's table as Spark reads it (spark.read, never collected): the learned columns cast to DOUBLE, checked
 * before any work - the path exists, the table has rows, the named columns exist and are numeric, and no learned
 * value is null, NaN or infinite (or, with data.dropInvalid, those rows are dropped and counted; see
 * {@link InvalidValues}, which does this at any width).
 */
public final class UserTable {
    private final TableConfig config;
    private final List<String> columns;
    private final Dataset<Row> learned;
    private final long rows;
    private final long dropped;

    private UserTable(TableConfig config, List<String> columns, Dataset<Row> learned, long rows, long dropped) {
        this.config = config;
        this.columns = columns;
        this.learned = learned;
        this.rows = rows;
        this.dropped = dropped;
    }

    /** The learned columns the table offers for {@code config}: the named ones, checked, or every numeric one. */
    public static List<String> columns(SparkSession spark, TableConfig config) {
        return learnedColumns(read(spark, config), config);
    }

    /** Opens and checks the table; one Spark job counts its rows and invalid values. */
    public static UserTable open(SparkSession spark, TableConfig config) {
        return of(read(spark, config), config);
    }

    /**
     * Checks a table already in hand (a DataFrame given to the Spark ML estimator; {@code config.path()} only names
     * it in messages); one Spark job counts its rows and invalid values.
     */
    public static UserTable of(Dataset<Row> all, TableConfig config) {
        List<String> columns = learnedColumns(all, config);
        Dataset<Row> learned = all.select(columns.stream()
                .map(c -> functions.col(quoted(c)).cast(DataTypes.DoubleType).alias(c)).toArray(Column[]::new));
        InvalidValues counts = InvalidValues.count(learned);
        long rows = counts.rows();
        if (rows == 0) {
            throw new BadTable("data.path = " + config.path() + ": the table has no rows");
        }
        long invalidRows = counts.invalidRows();
        if (invalidRows > 0 && !config.dropInvalid()) {
            for (int c = 0; c < columns.size(); c++) {
                long n = counts.perColumn()[c];
                if (n > 0) {
                    throw new BadTable("data.columns: column " + columns.get(c) + " of " + config.path() + " has " + n
                            + " null, NaN or infinite values (of " + rows + " rows); set data.dropInvalid = true to "
                            + "drop such rows");
                }
            }
        }
        if (invalidRows == rows) {
            throw new BadTable("data.path = " + config.path() + ": every one of its " + rows + " rows has a null, NaN "
                    + "or infinite value in a learned column");
        }
        Dataset<Row> valid = invalidRows > 0 ? InvalidValues.validRows(learned) : learned;
        return new UserTable(config.withColumns(columns), columns, valid, rows, invalidRows);
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static Dataset<Row> read(SparkSession spark, TableConfig config) {
        Path path = new Path(config.path());
        TableFormat format;
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                throw new BadTable("data.path = " + config.path() + ": not found");
            }
            format = format(fs, path, config);
            if (format == TableFormat.CSV) {
                requireOneHeader(fs, path, config);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new BadTable("data.path = " + config.path() + ": cannot reach it (" + OneLine.of(e.getMessage()) + ")");
        }
        try {
            Dataset<Row> table = format == TableFormat.CSV
                    ? spark.read().option("header", "true").option("inferSchema", "true")
                    .option("enforceSchema", "false").option("mode", "FAILFAST").csv(config.path())
                    : spark.read().parquet(config.path());
            if (table.columns().length == 0 || table.isEmpty()) { // isEmpty reads at most one row
                throw new BadTable("data.path = " + config.path() + ": the table has no rows");
            }
            return table;
        } catch (BadTable e) {
            throw e;
        } catch (Exception e) {
            throw new BadTable("data.path = " + config.path() + ": cannot read it as " + format.configName() + " ("
                    + OneLine.of(rootMessage(e)) + ")");
        }
    }

    /** data.format, or for auto the extension of the file, or of a folder's first data file (not _ or . files). */
    private static TableFormat format(FileSystem fs, Path path, TableConfig config) throws IOException {
        if (config.format() != TableFormat.AUTO || !fs.getFileStatus(path).isDirectory()) {
            return config.resolvedFormat();
        }
        for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(path)) {
            String name = f.getPath().getName();
            if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                return config.withPath(name).resolvedFormat();
            }
        }
        return config.resolvedFormat();
    }

    /** Every CSV file of the table starts with the same header line (Spark would read another header as data). */
    private static void requireOneHeader(FileSystem fs, Path path, TableConfig config) throws IOException {
        String first = null;
        String firstFile = null;
        org.apache.hadoop.fs.FileStatus[] files = fs.getFileStatus(path).isDirectory() ? fs.listStatus(path)
                : new org.apache.hadoop.fs.FileStatus[] {fs.getFileStatus(path)};
        Arrays.sort(files, java.util.Comparator.comparing(f -> f.getPath().getName()));
        for (org.apache.hadoop.fs.FileStatus f : files) {
            String name = f.getPath().getName();
            if (!f.isFile() || name.startsWith("_") || name.startsWith(".") || f.getLen() == 0) {
                continue;
            }
            String header;
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    codecStream(fs, f.getPath()), java.nio.charset.StandardCharsets.UTF_8))) {
                header = in.readLine();
            }
            if (first == null) {
                first = header;
                firstFile = name;
            } else if (!first.equals(header)) {
                throw new BadTable("data.path = " + config.path() + ": the CSV files' headers differ (" + firstFile
                        + ": " + first + "; " + name + ": " + header + ")");
            }
        }
    }

    private static java.io.InputStream codecStream(FileSystem fs, Path file) throws IOException {
        var codec = new org.apache.hadoop.io.compress.CompressionCodecFactory(fs.getConf()).getCodec(file);
        return codec == null ? fs.open(file) : codec.createInputStream(fs.open(file));
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static List<String> learnedColumns(Dataset<Row> table, TableConfig config) {
        List<String> present = Arrays.asList(table.columns());
        if (config.columns().isEmpty()) {
            List<String> numeric = Arrays.stream(table.schema().fields())
                    .filter(f -> f.dataType() instanceof NumericType).map(StructField::name).toList();
            if (numeric.isEmpty()) {
                throw new BadTable("data.path = " + config.path() + ": no numeric column to learn (its columns: "
                        + String.join(", ", present) + ")");
            }
            return numeric;
        }
        for (String c : config.columns()) {
            if (!present.contains(c)) {
                throw new BadTable("data.columns = " + String.join(",", config.columns()) + ": no column " + c + " in "
                        + config.path() + " (its columns: " + String.join(", ", present) + ")");
            }
            StructField f = table.schema().apply(c);
            if (!(f.dataType() instanceof NumericType)) {
                throw new BadTable("data.columns = " + String.join(",", config.columns()) + ": column " + c + " of "
                        + config.path() + " is " + f.dataType().simpleString() + ", not numeric");
            }
        }
        return config.columns();
    }

    public TableConfig config() {
        return config;
    }

    public List<String> columns() {
        return columns;
    }

    public int dim() {
        return columns.size();
    }

    /** Rows in the table (before dropping invalid ones). */
    public long rows() {
        return rows;
    }

    /** Rows dropped for a null, NaN or infinite learned value (data.dropInvalid). */
    public long dropped() {
        return dropped;
    }

    /** The valid rows' learned values, one array per row (a lazy Spark RDD). */
    public org.apache.spark.api.java.JavaRDD<double[]> values() {
        int d = columns.size();
        return learned.javaRDD().map(row -> {
            double[] v = new double[d];
            for (int c = 0; c < d; c++) {
                v[c] = row.getDouble(c);
            }
            return v;
        });
    }
}
