package nanodiffusion.pipeline;

import nanodiffusion.config.DataSourceKind;
import nanodiffusion.config.RunConfig;
import nanodiffusion.data.DataSources;
import nanodiffusion.data.Standardization;
import nanodiffusion.data.TrainingNoise;
import nanodiffusion.table.TableRounds;
import nanodiffusion.table.TrainingTable;
import nanodiffusion.table.UserTable;
import nanodiffusion.train.GeneratedRounds;
import nanodiffusion.train.RoundData;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What training draws from: a generator's rounds, or the user's table opened, split, standardised and cached on
 * the executors (released by {@link #close}). Records what run.json says about the data.
 */
public record TrainingData(RoundData rounds, Optional<Standardization> standardization, Map<String, Object> describe,
                           Optional<TrainingTable> table) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    /** The data of {@code c} for {@code workers}: {@code frame} when it is a table given as a DataFrame. */
    public static TrainingData of(SparkSession spark, RunConfig c, Optional<Dataset<Row>> frame, int workers) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainingNoise noise = TrainingNoise.of(c);
        int shard = c.train().batchSize() / workers;
        if (c.data().source() != DataSourceKind.TABLE) {
            return new TrainingData(new GeneratedRounds(sc, c.seed(), DataSources.of(c.data()), noise, workers, shard),
                    Optional.empty(), Map.of(), Optional.empty());
        }
        long start = System.nanoTime();
        UserTable user = frame.map(f -> UserTable.of(f, c.data().table()))
                .orElseGet(() -> UserTable.open(spark, c.data().table()));
        TrainingTable table = TrainingTable.prepare(user, c.seed(), workers, shard);
        TableRounds rounds = new TableRounds(table, c.seed(), noise, shard);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("path", c.data().table().path());
        info.put("columns", user.columns());
        info.put("table_rows", user.rows());
        info.put("dropped_invalid_rows", user.dropped());
        info.putAll(rounds.describe());
        info.put("mean", table.standardization().mean());
        info.put("std", table.standardization().std());
        info.put("prepare_seconds", (System.nanoTime() - start) / 1e9);
        LOG.info("table {}: {} rows, {} dropped (null, NaN or infinite), {} training rows over {} workers {}, "
                        + "columns {}", c.data().table().path(), user.rows(), user.dropped(), table.trainingRows(), workers,
                java.util.Arrays.toString(table.counts()), user.columns());
        return new TrainingData(rounds, Optional.of(table.standardization()), info, Optional.of(table));
    }

    @Override
    public void close() {
        table.ifPresent(TrainingTable::close);
    }
}
