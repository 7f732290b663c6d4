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

    /**
     * The point's dimension: the column count, or the size of the vector column's vectors, which must all have one
     * size (one Spark job over the rows; the column's metadata, when it gives a size, must agree).
     */
    int dim(Dataset<?> data) {
        if (!vector()) {
            return inputCols.size();
        }
        long[] sizes = vectorSizes(data).orElseThrow(() -> new IllegalArgumentException("featuresCol: no vector in "
                + "column " + featuresCol + " (every row's is null, or there are no rows); nothing to learn"));
        if (sizes[0] != sizes[1]) {
            throw new IllegalArgumentException("featuresCol: column " + featuresCol + " holds vectors of sizes "
                    + sizes[0] + " to " + sizes[1] + "; a model learns points of one size, so give every row a vector "
                    + "of the same size");
        }
        int declared = declaredSize(data.schema());
        if (declared > 0 && declared != sizes[0]) {
            throw new IllegalArgumentException("featuresCol: column " + featuresCol + "'s metadata says vectors of size "
                    + declared + ", but its rows hold vectors of size " + sizes[0]);
        }
        return (int) sizes[0];
    }

    /**
     * Refuses a schema whose points cannot be the fitted model's: another number of inputCols, or a vector column
     * whose metadata gives another size (vectors without that metadata are checked row by row as they are read).
     */
    void requireFitted(StructType schema, int fitted) {
        requireFitted(fitted);
        int declared = vector() ? declaredSize(schema) : -1;
        if (declared > 0 && declared != fitted) {
            throw wrongSize(declared + "", fitted);
        }
    }

    /** Refuses another number of inputCols than the model's coordinates. */
    void requireFitted(int fitted) {
        if (!vector() && inputCols.size() != fitted) {
            throw new IllegalArgumentException("inputCols: " + inputCols.size() + " columns (" + String.join(", ",
                    inputCols) + "), but the model was fitted on points of " + fitted + " coordinates");
        }
    }

    /** Refuses, with one Spark job over {@code data}, vectors of another size than the fitted model's. */
    void requireFittedSizes(Dataset<?> data, int fitted) {
        requireFitted(data.schema(), fitted);
        if (vector()) {
            vectorSizes(data).filter(s -> s[0] != fitted || s[1] != fitted).ifPresent(s -> {
                throw wrongSize(s[0] == s[1] ? s[0] + "" : s[0] + " to " + s[1], fitted);
            });
        }
    }

    private IllegalArgumentException wrongSize(String found, int fitted) {
        return new IllegalArgumentException("featuresCol: column " + featuresCol + " holds vectors of size " + found
                + ", but the model was fitted on vectors of size " + fitted);
    }

    /** The vector column's size by its ML attribute metadata (VectorAssembler writes it), or -1. */
    private int declaredSize(StructType schema) {
        return org.apache.spark.ml.attribute.AttributeGroup.fromStructField(schema.apply(featuresCol)).size();
    }

    /** The smallest and largest size of the vectors that are not null; empty when there are none. */
    private java.util.Optional<long[]> vectorSizes(Dataset<?> data) {
        Column entries = entries();
        Row r = data.select(functions.when(entries.isNotNull(), functions.size(entries)).alias("size"))
                .agg(functions.min("size"), functions.max("size")).first();
        return r.isNullAt(0) ? java.util.Optional.empty()
                : java.util.Optional.of(new long[] {r.getInt(0), r.getInt(1)});
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
            Column array = sized(entries(), dim);
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

    /** The vector column's entries as an array of DOUBLE, null for a null vector (vector_to_array refuses one). */
    private Column entries() {
        Column vectorCol = functions.col(quoted(featuresCol));
        return functions.when(vectorCol.isNotNull(), org.apache.spark.ml.functions.vector_to_array(vectorCol, "float64"));
    }

    /**
     * The vector entries' array, or - when a row is read - an error naming the size of a vector that does not have
     * {@code dim} entries (without it, longer vectors lost their last entries and shorter ones gave null).
     */
    private Column sized(Column array, int dim) {
        return functions.when(array.isNull().or(functions.size(array).equalTo(dim)), array)
                .otherwise(functions.raise_error(functions.concat(functions.lit("featuresCol: a vector of size "),
                        functions.size(array).cast(DataTypes.StringType), functions.lit(" in column " + featuresCol
                                + ", but the model was fitted on vectors of size " + dim))));
    }

    /**
     * Samples in the fitted columns ({@code fitted}, one DOUBLE column each) in the input's shape: named as
     * inputCols, or as the vector column.
     */
    Dataset<Row> shape(Dataset<Row> samples, List<String> fitted) {
        requireFitted(fitted.size());
        if (!vector()) {
            Column[] named = new Column[fitted.size()];
            for (int i = 0; i < named.length; i++) {
                named[i] = functions.col(quoted(fitted.get(i))).alias(inputCols.get(i));
            }
            return samples.select(named);
        }
        Column[] parts = fitted.stream().map(c -> functions.col(quoted(c))).toArray(Column[]::new);
        return samples.select(org.apache.spark.ml.functions.array_to_vector(functions.array(parts)).alias(featuresCol));
    }

    static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
