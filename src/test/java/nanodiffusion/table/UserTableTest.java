package nanodiffusion.table;

import nanodiffusion.config.TableConfig;
import nanodiffusion.config.TableFormat;
import nanodiffusion.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checks a table passes before training: its invalid values counted per column and per row, at any width. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserTableTest {
    private static final int WIDE = 10_000;

    private LocalSpark spark;
    private Dataset<Row> wide; // built once: turning 10,000-field rows into a DataFrame is most of the test's time

    @BeforeAll
    void start() {
        spark = new LocalSpark();
        wide = table(WIDE);
    }

    @AfterAll
    void stop() {
        spark.close();
    }

    /** Five rows of {@code width} columns c0 .. c{width-1}: row 1 has a NaN in the middle column, row 3 +Inf last. */
    private Dataset<Row> table(int width) {
        StructType schema = new StructType();
        for (int c = 0; c < width; c++) {
            schema = schema.add("c" + c, DataTypes.DoubleType);
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            Object[] values = new Object[width];
            for (int c = 0; c < width; c++) {
                values[c] = r + c / (double) width;
            }
            rows.add(RowFactory.create(values));
        }
        // rows are immutable: rebuild the two that get an invalid value
        Object[] withNaN = new Object[width];
        Object[] withInf = new Object[width];
        for (int c = 0; c < width; c++) {
            withNaN[c] = rows.get(1).get(c);
            withInf[c] = rows.get(3).get(c);
        }
        withNaN[width / 2] = Double.NaN;
        withInf[width - 1] = Double.POSITIVE_INFINITY;
        rows.set(1, RowFactory.create(withNaN));
        rows.set(3, RowFactory.create(withInf));
        return spark.session().createDataFrame(rows, schema);
    }

    private static TableConfig config(boolean dropInvalid) {
        return new TableConfig("the DataFrame", TableFormat.AUTO, List.of(), 0.1, true, dropInvalid);
    }

    @Test
    void aTenThousandColumnTableIsCheckedAndItsInvalidRowsDropped() {
        UserTable table = UserTable.of(wide, config(true));
        assertEquals(WIDE, table.dim());
        assertEquals(5, table.rows());
        assertEquals(2, table.dropped(), "the NaN row and the +Inf row");
        assertEquals(3, table.values().count());
    }

    @Test
    void aTenThousandColumnTableWithAnInvalidValueNamesItsColumn() {
        BadTable e = assertThrows(BadTable.class, () -> UserTable.of(wide, config(false)));
        assertEquals("data.columns: column c5000 of the DataFrame has 1 null, NaN or infinite values (of 5 rows); "
                + "set data.dropInvalid = true to drop such rows", e.getMessage());
    }
}
