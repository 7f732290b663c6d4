package nanodiffusion.table;

import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The null, NaN and infinite values of a table's learned (DOUBLE) columns: counted per column and per row in one
 * Spark job, and a filter keeping the rows without any. Both are plain Java over each row, so a table of any width
 * is one flat pass: one Catalyst expression per column (an OR chain, or an aggregate each) overflows the analyser's
 * stack or stalls its optimiser at 10,000 columns.
 */
public record InvalidValues(long rows, long invalidRows, long[] perColumn) {
    /** Counts over {@code learned}, whose columns are all DOUBLE. */
    public static InvalidValues count(Dataset<Row> learned) {
        int d = learned.columns().length;
        long[] totals = learned.javaRDD().treeAggregate(new long[d + 2], (acc, row) -> add(acc, row),
                InvalidValues::merge); // [rows, invalid per column..., rows with any invalid]
        return new InvalidValues(totals[0], totals[d + 1], java.util.Arrays.copyOfRange(totals, 1, d + 1));
    }

    /** The rows of {@code learned} whose every value is finite (lazy). */
    public static Dataset<Row> validRows(Dataset<Row> learned) {
        return learned.filter(new Valid());
    }

    /** Whether every value of the row is present and finite. */
    public static boolean valid(Row row) {
        for (int c = 0; c < row.length(); c++) {
            if (invalid(row, c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean invalid(Row row, int c) {
        return row.isNullAt(c) || !Double.isFinite(row.getDouble(c));
    }

    private static long[] add(long[] acc, Row row) {
        acc[0]++;
        boolean any = false;
        for (int c = 0; c < row.length(); c++) {
            if (invalid(row, c)) {
                acc[c + 1]++;
                any = true;
            }
        }
        if (any) {
            acc[acc.length - 1]++;
        }
        return acc;
    }

    private static long[] merge(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** The filter as a named, serialisable function for Spark. */
    private static final class Valid implements FilterFunction<Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean call(Row row) {
            return valid(row);
        }
    }
}
