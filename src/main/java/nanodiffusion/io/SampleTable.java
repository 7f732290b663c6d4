package nanodiffusion.io;

import nanodiffusion.config.DataConfig;
import nanodiffusion.config.DataSourceKind;
import nanodiffusion.eval.PointCloud;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;

/**
 * The samples table: {@code sample_id BIGINT} and one DOUBLE column per coordinate, named x, y in 2D and
 * x0 .. x{d-1} in any other dimension. Reads a committed samples folder back as points ordered by sample id.
 */
public final class SampleTable {
    public static final String ID = "sample_id";

    private SampleTable() {
    }

    /** The coordinate columns' names for points of {@code dim} coordinates. */
    public static String[] columns(int dim) {
        if (dim == 2) {
            return new String[] {"x", "y"};
        }
        String[] names = new String[dim];
        for (int c = 0; c < dim; c++) {
            names[c] = "x" + c;
        }
        return names;
    }

    /** The coordinate columns of samples of {@code data}: a table's own column names, else by dimension. */
    public static String[] columns(DataConfig data) {
        return data.source() == DataSourceKind.TABLE ? data.table().columns().toArray(String[]::new)
                : columns(data.dim());
    }

    public static StructType schema(int dim) {
        return schema(columns(dim));
    }

    public static StructType schema(String[] names) {
        StructType schema = new StructType().add(ID, DataTypes.LongType, false);
        for (String name : names) {
            schema = schema.add(name, DataTypes.DoubleType, false);
        }
        return schema;
    }

    public static PointCloud read(SparkSession spark, String folder, int dim) {
        return read(spark, folder, columns(dim));
    }

    /**
     * The samples of a committed folder, verified first against its manifest ({@link SampleManifest}: the part
     * files byte for byte, {@code expectedRows} rows) and then row by row (ids 0 .. expectedRows - 1, each once).
     */
    public static PointCloud readVerified(SparkSession spark, Storage storage, String folder, String[] names,
                                          long expectedRows) {
        SampleManifest.verify(storage, new org.apache.hadoop.fs.Path(folder), expectedRows);
        List<Row> rows = rows(spark, folder, names);
        for (int i = 0; i < rows.size(); i++) { // ordered by id: exactly 0 .. n-1 means none missing or repeated
            if (rows.get(i).getLong(names.length) != i) {
                throw new Storage.StorageError(folder + ": sample id " + i + " is " + (rows.get(i).getLong(
                        names.length) > i ? "missing" : "repeated") + "; sample again", new java.io.IOException("ids"));
            }
        }
        if (rows.size() != expectedRows) {
            throw new Storage.StorageError(folder + ": " + rows.size() + " rows read, the manifest says "
                    + expectedRows + "; sample again", new java.io.IOException("row count"));
        }
        return cloud(rows, names.length);
    }

    /** The samples' columns {@code names}, ordered by sample id. */
    public static PointCloud read(SparkSession spark, String folder, String[] names) {
        return cloud(rows(spark, folder, names), names.length);
    }

    /** Rows of the columns {@code names} and then the id, ordered by id. */
    private static List<Row> rows(SparkSession spark, String folder, String[] names) {
        int dim = names.length;
        try {
            Dataset<Row> table = spark.read().parquet(folder);
            List<String> present = Arrays.asList(table.columns());
            if (!present.containsAll(Arrays.asList(names)) || !present.contains(ID)) {
                throw new Storage.StorageError(folder + ": the samples have columns " + present + ", not the "
                        + dim + "-dimensional " + ID + ", " + String.join(", ", names) + " that data.dim = " + dim
                        + " reads (were they sampled with another data.dim or data.columns?)",
                        new java.io.IOException());
            }
            Column[] columns = java.util.stream.Stream.concat(Arrays.stream(names), java.util.stream.Stream.of(ID))
                    .map(n -> new Column("`" + n.replace("`", "``") + "`")).toArray(Column[]::new);
            return table.select(columns).orderBy(ID).collectAsList();
        } catch (Storage.StorageError e) {
            throw e;
        } catch (Exception e) { // Spark wraps corrupt or truncated files in several layers (and checked ones)
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new Storage.StorageError(folder + ": cannot read the samples as Parquet (" + ID + ", "
                    + String.join(", ", names) + "): " + root.getClass().getSimpleName() + ": " + root.getMessage(),
                    new java.io.IOException(e));
        }
    }

    private static PointCloud cloud(List<Row> all, int dim) {
        double[][] coordinates = new double[dim][all.size()];
        for (int i = 0; i < all.size(); i++) {
            Row row = all.get(i);
            for (int c = 0; c < dim; c++) {
                coordinates[c][i] = row.getDouble(c);
            }
        }
        return new PointCloud(coordinates);
    }
}
