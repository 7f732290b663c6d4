package nanodiffusion.sweep;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import nanodiffusion.io.SweepLayout;
import nanodiffusion.config.RunConfig;
import nanodiffusion.io.JsonFiles;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.pipeline.TrainingOutputs;
import nanodiffusion.train.Checkpoint;
import nanodiffusion.train.LocalTrainer;
import nanodiffusion.train.LossHistory;
import nanodiffusion.train.StopRule;
import nanodiffusion.train.TrainSummary;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Runs on an executor core in trial-parallel sweeps: trains one trial's whole model in the task (no parameter
 * averaging) and writes its model folder, loss.csv and training.json into the trial's folder. A failure, such as
 * divergence, is written to training.json instead of failing the task, so the other trials go on.
 */
public final class TrialTraining implements VoidFunction<TrialTraining.Task> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrialTraining.class);

    /** One trial as shipped to the executor, its settings as the driver checked them. */
    public record Task(String id, RunConfig config, String sweepRoot, double seconds,
                       EarlyStopping earlyStopping, Map<String, String> hadoop) implements java.io.Serializable {
        Optional<EarlyStopping> early() {
            return Optional.ofNullable(earlyStopping);
        }

        /** {@code seconds} is NaN for no wall-clock budget (OptionalDouble does not serialize). */
        OptionalDouble budgetSeconds() {
            return Double.isNaN(seconds) ? OptionalDouble.empty() : OptionalDouble.of(seconds);
        }
    }

    @Override
    public void call(Task task) {
        Configuration conf = new Configuration(false);
        task.hadoop().forEach(conf::set);
        Storage storage = new Storage(conf);
        SweepLayout layout = new SweepLayout(new Path(task.sweepRoot()));
        Outcome outcome;
        try {
            RunConfig config = task.config();
            TrialStopRule stop = new TrialStopRule(task.budgetSeconds(), task.early(),
                    new RungBoard(storage, layout.earlyStopping()), task.id(), config.train().steps());
            TrainSummary summary = train(config, storage, layout.trial(task.id()), stop);
            Optional<RungDecision> stopped = stop.stopped();
            outcome = Outcome.trained(stopped.isPresent() ? TrialResult.Status.STOPPED : TrialResult.Status.OK,
                    stopped.map(RungDecision::describe).orElse(null), summary);
            LOG.info("trial {} trained {} steps in {}s, final loss {}", task.id(), summary.steps(),
                    String.format("%.1f", summary.seconds()), String.format("%.4f", summary.finalLoss()));
        } catch (RuntimeException | OutOfMemoryError e) {
            outcome = Outcome.failed(TrialResult.reason(e));
            LOG.warn("trial {} failed: {}", task.id(), e.getMessage());
        }
        new JsonFiles(storage).write(layout.trialTraining(task.id()), SweepJson.tree(outcome));
    }

    /**
     * What a trial's task leaves for the driver (its training.json): ok or stopped with the training's summary, or
     * failed with the reason.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Outcome(@JsonProperty("status") TrialResult.Status status, @JsonProperty("error") String error,
                   @JsonProperty("early_stop") String earlyStop, @JsonProperty("steps") Long steps,
                   @JsonProperty("final_loss") Double finalLoss, @JsonProperty("seconds") Double seconds,
                   @JsonProperty("samples_per_second") Double samplesPerSecond) {
        static Outcome trained(TrialResult.Status status, String earlyStop, TrainSummary s) {
            return new Outcome(status, null, earlyStop, s.steps(), s.finalLoss(), s.seconds(), s.samplesPerSecond());
        }

        static Outcome failed(String reason) {
            return new Outcome(TrialResult.Status.FAILED, reason, null, null, null, null, null);
        }

        /** The training's summary (ok and stopped trials). */
        TrainSummary summary() {
            return new TrainSummary(steps, finalLoss, seconds, samplesPerSecond);
        }

        static Outcome read(com.fasterxml.jackson.databind.JsonNode node) {
            return SweepJson.read(node, Outcome.class, "a trial's training outcome");
        }
    }

    private static TrainSummary train(RunConfig config, Storage storage, RunLayout out, StopRule stop) {
        Checkpoint start = Checkpoint.fresh(config);
        MultiLayerNetwork network = start.network();
        Optional<ExponentialAverage> ema = start.ema().map(v -> new ExponentialAverage(config.train().emaDecay(), v));
        LossHistory history = new LossHistory();
        long t0 = System.nanoTime();
        long steps = new LocalTrainer(config).train(network, ema, history, stop);
        return TrainingOutputs.save(storage, out, config, network, ema, history, 0, steps, (System.nanoTime() - t0) / 1e9);
    }
}
