package nanodiffusion.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

import java.util.List;

/** The column Params every stage shares: featuresCol (a vector column) or inputCols (numeric columns). */
final class ColumnParams {
    final Param<String> featuresCol;
    final StringArrayParam inputCols;

    ColumnParams(Params owner) {
        featuresCol = new Param<>(owner.uid(), "featuresCol", "the vector column of the points (used when inputCols "
                + "is not set)");
        inputCols = new StringArrayParam(owner, "inputCols", "numeric columns, one per coordinate of a point "
                + "(instead of featuresCol)");
        owner.setDefault(featuresCol, "features");
    }

    List<Param<?>> all() {
        return List.of(featuresCol, inputCols);
    }

    InputColumns of(Params owner) {
        return InputColumns.of(owner.getOrDefault(featuresCol), owner.isDefined(inputCols) ? owner.getOrDefault(inputCols) : null);
    }
}
