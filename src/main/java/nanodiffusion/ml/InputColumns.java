package nanodiffusion.ml;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a stage finds the coordinates of a point: numeric columns ({@code inputCols}), or one vector column
 * ({@code featuresCol}), whose entries are learned as the columns {@code <featuresCol>_0 .. _<d-1>}.
 */
record InputColumns(String featuresCol, List<String> inputCols) implements java.io.Serializable {
    static InputColumns of(String featuresCol, String[] inputCols) {
        return new InputColumns(featuresCol, inputCols == null ? List.of() : List.of(inputCols));
    }

    boolean vector() {
        return inputCols.isEmpty();
    }

    /** Refuses a schema without the columns or with columns of another type, naming the Param and column. */
    void check(StructType schema) {
        List<String> present = Arrays.asList(schema.fieldNames());
        if (vector()) {
            if (!present.contains(featuresCol)) {
                throw new IllegalArgumentException("featuresCol: no column " + featuresCol + " in the DataFrame (its "
                        + "columns: " + String.join(", ", present) + "); set featuresCol, or inputCols to numeric columns");
            }
            if (!schema.apply(featuresCol).dataType().equals(SQLDataTypes.VectorType())) {
                throw new IllegalArgumentException("featuresCol: column " + featuresCol + " is "
                        + schema.apply(featuresCol).dataType().simpleString() + ", not a vector (assemble numeric "
                        + "columns with VectorAssembler, or set inputCols)");
            }
            return;
        }
        for (String c : inputCols) {
            if (!present.contains(c)) {
                throw new IllegalArgumentException("inputCols: no column " + c + " in the DataFrame (its columns: "
                        + String.join(", ", present) + ")");
            }
            StructField f = schema.apply(c);
            if (!(f.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("inputCols: column " + c + " is " + f.dataType().simpleString()
                        + ", not numeric");
            }
            if (c.contains(",")) {
                throw new IllegalArgumentException("inputCols: column name '" + c + "' contains a comma; rename it");
            }
        }
    }

    /** The point's dimension: the column count, or a vector column's size (its metadata, else its first row). */
    int dim(Dataset<?> data) {
        if (!vector()) {
            return inputCols.size();
        }
        int size = org.apache.spark.ml.attribute.AttributeGroup.fromStructField(data.schema().apply(featuresCol)).size();
        if (size > 0) {
            return size;
        }
        Row first = data.select(featuresCol).na().drop().first();
        return ((org.apache.spark.ml.linalg.Vector) first.get(0)).size();
    }

    /** The learned columns' names, as the model folder records them. */
    List<String> learned(int dim) {
        if (!vector()) {
            return inputCols;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < dim; i++) {
            names.add(featuresCol + "_" + i);
        }
        return names;
    }

    /** {@code data}'s coordinates as one DOUBLE column per learned column. */
    Dataset<Row> expand(Dataset<?> data, int dim) {
        return data.select(coordinates(dim));
    }

    /** The coordinates as DOUBLE column expressions named as the learned columns. */
    Column[] coordinates(int dim) {
        List<String> names = learned(dim);
        Column[] cols = new Column[dim];
        if (vector()) {
            Column array = org.apache.spark.ml.functions.vector_to_array(functions.col(quoted(featuresCol)), "float64");
            for (int i = 0; i < dim; i++) {
                cols[i] = array.getItem(i).alias(names.get(i));
            }
        } else {
            for (int i = 0; i < dim; i++) {
                cols[i] = functions.col(quoted(names.get(i))).cast(DataTypes.DoubleType).alias(names.get(i));
            }
        }
        return cols;
    }

    /** Samples with one DOUBLE column per learned column, in the input's shape: the same columns, or the vector. */
    Dataset<Row> shape(Dataset<Row> samples, int dim) {
        if (!vector()) {
            return samples.select(inputCols.stream().map(c -> functions.col(quoted(c))).toArray(Column[]::new));
        }
        Column[] parts = learned(dim).stream().map(c -> functions.col(quoted(c))).toArray(Column[]::new);
        return samples.select(org.apache.spark.ml.functions.array_to_vector(functions.array(parts)).alias(featuresCol));
    }

    static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
