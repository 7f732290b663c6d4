package nanodiffusion.pipeline;

import nanodiffusion.config.TableFormat;
import nanodiffusion.data.DataSource;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.io.SampleTable;
import nanodiffusion.io.Storage;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Writes an example table with Spark: {@code rows} rows of a generator's points in {@code partitions} part files,
 * each partition drawn on an executor from its own stream (seed, TABLE_PARTITION, p), committed whole. Nothing is
 * collected to the driver, so the table can be larger than its memory.
 */
public final class DemoTable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTable.class);

    private DemoTable() {
    }

    /**
     * The demo-table command: in its own Spark session (as every command's, {@link RunContext#session}), refusing
     * an existing {@code out}.
     */
    public static void run(String out, DataSource source, String[] columns, long rows, int partitions, long seed,
                           TableFormat format) {
        SparkSession spark = RunContext.session("demo-table", java.util.Map.of());
        try {
            Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
            Path target = new Path(out);
            if (storage.exists(target)) {
                throw new UserError(out + " already exists; remove it or pick another --out");
            }
            write(spark, storage, target, source, columns, rows, partitions, seed, format);
        } finally {
            spark.stop();
        }
    }

    public static void write(SparkSession spark, Storage storage, Path out, DataSource source, String[] columns,
                             long rows, int partitions, long seed, TableFormat format) {
        StructType built = new StructType();
        for (String c : columns) {
            built = built.add(c, DataTypes.DoubleType, false);
        }
        StructType schema = built;
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Long> parts = LongStream.range(0, partitions).boxed().toList();
        JavaRDD<Row> table = sc.parallelize(parts, partitions).flatMap(p -> {
            long first = rows * p / partitions;
            int n = (int) (rows * (p + 1) / partitions - first);
            double[] x = source.sampler(RandomStreams.open(seed, RandomStreams.Domain.TABLE_PARTITION, -1 - p))
                    .points(n, source.dim());
            List<Row> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Object[] row = new Object[source.dim()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = x[source.dim() * i + c];
                }
                batch.add(RowFactory.create(row));
            }
            return batch.iterator();
        });
        long start = System.nanoTime();
        storage.writeFolderAtomically(out, staging -> {
            var writer = spark.createDataFrame(table, schema).write();
            if (format == TableFormat.CSV) {
                writer.option("header", "true").csv(staging.toString());
            } else {
                writer.parquet(staging.toString());
            }
            return null;
        });
        LOG.info("wrote {} rows ({} columns: {}) in {} part files to {} in {}s", rows, columns.length,
                String.join(", ", columns), partitions, out, String.format("%.1f", (System.nanoTime() - start) / 1e9));
    }

    /** The columns a generated source is written with: its sample columns (x, y in 2D). */
    public static String[] columnsOf(DataSource source) {
        return SampleTable.columns(source.dim());
    }
}
