package nanodiffusion.io;

import nanodiffusion.eval.PointCloud;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/** Reads a committed samples folder (Parquet: sample_id, x, y) back as points ordered by sample id. */
public final class SampleTable {
    private SampleTable() {
    }

    public static PointCloud read(SparkSession spark, String folder) {
        List<Row> all;
        try {
            Dataset<Row> rows = spark.read().parquet(folder).select("x", "y").orderBy("sample_id");
            all = rows.collectAsList();
        } catch (Exception e) { // Spark wraps corrupt or truncated files in several layers (and checked ones)
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new Storage.StorageError(folder + ": cannot read the samples as Parquet (sample_id, x, y): "
                    + root.getClass().getSimpleName() + ": " + root.getMessage(), new java.io.IOException(e));
        }
        double[] x = new double[all.size()];
        double[] y = new double[all.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = all.get(i).getDouble(0);
            y[i] = all.get(i).getDouble(1);
        }
        return new PointCloud(x, y);
    }
}
