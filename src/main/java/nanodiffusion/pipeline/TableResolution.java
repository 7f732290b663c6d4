package nanodiffusion.pipeline;

import nanodiffusion.config.ConfigError;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.Settings;
import nanodiffusion.model.ModelStore;
import nanodiffusion.table.UserTable;

import java.util.List;

/**
 * For data.source = table, the learned columns (and so data.dim) a command works with: training takes them from
 * the table (the named columns, checked, or its numeric ones); sampling and evaluation from the model folder, which
 * names the columns it was trained on - another data.columns is refused, naming both.
 */
public final class TableResolution {
    private TableResolution() {
    }

    /** A context for the resolved config in the same session (see {@link DataRoute#resolve}). */
    static RunContext resolve(RunContext ctx, boolean readsTrainedModel) {
        RunConfig config = ctx.config;
        List<String> columns;
        if (readsTrainedModel) {
            columns = new ModelStore(ctx.storage).recordedColumns(ctx.layout.model());
            List<String> asked = config.data().table().columns();
            if (columns.isEmpty()) {
                return ctx; // no table model here: the stage names what is missing
            }
            if (!asked.isEmpty() && !asked.equals(columns)) {
                throw ConfigError.of(Settings.DATA_COLUMNS, String.join(",", asked), "the model in "
                        + ctx.layout.model() + " was trained on the columns " + String.join(",", columns)
                        + "; sample and evaluate it with --set " + Settings.DATA_COLUMNS.override(columns)
                        + " (or leave data.columns empty)");
            }
        } else {
            columns = UserTable.columns(ctx.spark, config.data().table());
        }
        return ctx.sharing(config.withData(config.data().withTableColumns(columns)), ctx.layout, ctx.overwrite);
    }
}
