package nanodiffusion.pipeline;

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

    /** A generator's rounds: each worker draws its shard of every round from its own seeded stream. */
    static TrainingData generated(SparkSession spark, RunConfig c, int workers) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int shard = c.train().batchSize() / workers;
        return new TrainingData(new GeneratedRounds(sc, c.seed(), DataSources.of(c.data()), TrainingNoise.of(c),
                workers, shard), Optional.empty(), Map.of(), Optional.empty());
    }

    /** The user's table ({@code frame} when given as a DataFrame, else data.path) split over {@code workers}. */
    static TrainingData table(SparkSession spark, RunConfig c, Optional<Dataset<Row>> frame, int workers) {
        TrainingNoise noise = TrainingNoise.of(c);
        int shard = c.train().batchSize() / workers;
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
