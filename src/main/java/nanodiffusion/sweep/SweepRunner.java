package nanodiffusion.sweep;

import nanodiffusion.io.SweepLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.config.RunConfig;
import nanodiffusion.eval.SampleMetrics;
import nanodiffusion.io.RunLayout;
import nanodiffusion.pipeline.EvaluateStage;
import nanodiffusion.pipeline.RunContext;
import nanodiffusion.pipeline.SampleStage;
import nanodiffusion.pipeline.TrainStage;
import nanodiffusion.pipeline.UserError;
import nanodiffusion.sweep.RungBoard;
import nanodiffusion.sweep.RungDecision;
import nanodiffusion.sweep.SweepSpec;
import nanodiffusion.sweep.Trial;
import nanodiffusion.sweep.TrialResult;
import nanodiffusion.sweep.TrialStopRule;
import nanodiffusion.sweep.TrialTraining;
import nanodiffusion.train.CheckpointStore;
import nanodiffusion.train.TrainSummary;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a sweep's unfinished trials in its mode, each ending with sampling and evaluation into its own run folder and a
 * trial.json (ok or failed with the reason), then writes the sweep's report. A failed trial never stops the sweep.
 */
public final class SweepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RunContext ctx;
    private final SweepSpec spec;
    private final List<Trial> trials;
    private final Map<String, RunConfig> configs;
    private final boolean retryFailed;
    private final SweepLayout layout;
    private final AtomicInteger done = new AtomicInteger();

    public SweepRunner(RunContext ctx, SweepSpec spec, List<Trial> trials, Map<String, RunConfig> configs, boolean retryFailed) {
        this.ctx = ctx;
        this.spec = spec;
        this.trials = trials;
        this.configs = configs;
        this.retryFailed = retryFailed;
        this.layout = new SweepLayout(ctx.layout.root());
    }

    /** Returns whether at least one trial finished ok. */
    public boolean run() {
        long start = System.nanoTime();
        prepareOutput();
        List<Trial> pending = trials.stream().filter(this::needsRun).toList();
        done.set(trials.size() - pending.size());
        LOG.info("sweep of {} trials ({}): {} finished earlier, {} to run", trials.size(),
                spec.scheduling().configName(), done.get(), pending.size());
        if (spec.scheduling() instanceof SweepScheduling.Distributed d) {
            runDistributed(pending, d.trialsAtOnce());
        } else {
            runTrialParallel(pending);
        }
        List<TrialResult> results = trials.stream().map(t -> TrialResult.fromJson(
                ctx.json.readObject(layout.trialResult(t.id())))).toList();
        new SweepReport(ctx, spec, layout, configs).write(results, (System.nanoTime() - start) / 1e9);
        return results.stream().anyMatch(TrialResult::ok);
    }

    /** A fresh output gets trials.json; an earlier sweep's output must hold the same trials, unless --overwrite. */
    private void prepareOutput() {
        if (ctx.overwrite) {
            for (var p : List.of(layout.trialsJson(), layout.trialsFolder(), layout.leaderboard(),
                    layout.leaderboardCsv(), layout.plots(), layout.bestConf(), layout.sweepJson(),
                    layout.earlyStopping(), layout.earlyStoppingCsv())) {
                ctx.storage.deleteRecursively(p);
            }
        }
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Trial t : trials) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("settings", t.settings());
            listed.add(m);
        }
        Map<String, Object> expansion = new LinkedHashMap<>();
        expansion.put("shared_settings", ctx.config.asFlatMap());
        expansion.put("trials", listed);
        if (ctx.storage.exists(layout.trialsJson())) {
            JsonNode before = ctx.json.readObject(layout.trialsJson());
            if (!asParsedJson(expansion).equals(before)) {
                throw new UserError(layout.trialsJson() + " holds a sweep with other trials or shared settings than "
                        + "this spec (it or --set changed); use another --out, or --overwrite to discard that sweep");
            }
            return;
        }
        ctx.json.write(layout.trialsJson(), expansion);
    }

    /** The tree a JSON file of {@code value} reads back as (ints and longs alike), for comparing with one. */
    private static JsonNode asParsedJson(Object value) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean needsRun(Trial t) {
        if (!ctx.storage.exists(layout.trialResult(t.id()))) {
            return true;
        }
        return retryFailed && TrialResult.fromJson(ctx.json.readObject(layout.trialResult(t.id()))).status()
                == TrialResult.Status.FAILED;
    }

    /** Each trial a full parameter-averaging run; up to sweep.parallelTrials at once, each in its own FAIR pool. */
    private void runDistributed(List<Trial> pending, int trialsAtOnce) {
        ExecutorService threads = Executors.newFixedThreadPool(trialsAtOnce);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Trial t : pending) {
                running.add(threads.submit(() -> runDistributedTrial(t)));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private void runDistributedTrial(Trial t) {
        MDC.put("trial", t.id());
        ctx.spark.sparkContext().setLocalProperty("spark.scheduler.pool", "trial-" + t.id());
        long start = System.nanoTime();
        try (RunContext trial = ctx.sharing(configs.get(t.id()), layout.trial(t.id()), true)) {
            LOG.info("trial {} starting: {}", t.id(), t.settings());
            boolean resume = new CheckpointStore(trial.storage, trial.layout.checkpoints(), 1).latest().isPresent();
            TrialStopRule stop = new TrialStopRule(spec.budget().seconds(), spec.earlyStopping(),
                    new RungBoard(ctx.storage, layout.earlyStopping()), t.id(), trial.config.train().steps());
            TrainSummary summary = TrainStage.run(trial, resume, stop);
            Optional<RungDecision> stopped = stop.stopped();
            if (stopped.isPresent()) {
                RungDecision d = stopped.get();
                record(TrialResult.stopped(t, d.describe(), d.step(), summary.finalLoss(), summary.seconds(),
                        (System.nanoTime() - start) / 1e9, summary.samplesPerSecond()));
            } else {
                finish(t, trial, summary, start);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(t, TrialResult.reason(e), start); // the trial's memory is released with it: the others go on
        } finally {
            MDC.remove("trial");
        }
    }

    /** Each trial one Spark task training a whole model on one core; then sampling and evaluation per trial. */
    private void runTrialParallel(List<Trial> pending) {
        List<Trial> toTrain = new ArrayList<>();
        for (Trial t : pending) {
            if (!ctx.storage.exists(layout.trial(t.id()).modelCommitted())
                    || !ctx.storage.exists(layout.trialTraining(t.id()))) {
                ctx.storage.deleteRecursively(layout.trial(t.id()).root()); // an interrupted attempt's partial files
                toTrain.add(t);
            }
        }
        if (!toTrain.isEmpty()) {
            Map<String, String> hadoop = new HashMap<>();
            ctx.storage.hadoop().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
            double seconds = spec.budget().seconds().orElse(Double.NaN);
            List<TrialTraining.Task> tasks = toTrain.stream().map(t -> new TrialTraining.Task(t.id(),
                    configs.get(t.id()), layout.root().toString(), seconds, spec.earlyStopping().orElse(null), hadoop))
                    .toList();
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(ctx.spark.sparkContext());
            sc.setJobGroup("sweep", "train " + tasks.size() + " trials, one per task", false);
            LOG.info("training {} trials as one Spark job, one trial per task", tasks.size());
            try {
                sc.parallelize(tasks, tasks.size()).foreach(new TrialTraining());
            } catch (RuntimeException e) {
                LOG.warn("the trials' training job failed: {}", TrialResult.reason(e));
            } finally {
                sc.clearJobGroup();
            }
        }
        pending.forEach(this::finishTrialParallel);
    }

    private void finishTrialParallel(Trial t) {
        long start = System.nanoTime();
        if (!ctx.storage.exists(layout.trialTraining(t.id()))) {
            fail(t, "its training task did not finish (see the log for the Spark job's error)", start);
            return;
        }
        TrialTraining.Outcome training = TrialTraining.Outcome.read(ctx.json.readObject(layout.trialTraining(t.id())));
        if (training.status() == TrialResult.Status.FAILED) {
            fail(t, training.error(), start);
            return;
        }
        TrainSummary summary = training.summary();
        if (training.status() == TrialResult.Status.STOPPED) {
            record(TrialResult.stopped(t, training.earlyStop(), summary.steps(), summary.finalLoss(),
                    summary.seconds(), summary.seconds(), summary.samplesPerSecond()));
            return;
        }
        try (RunContext trial = ctx.sharing(configs.get(t.id()), layout.trial(t.id()), true)) {
            Map<String, Object> train = new LinkedHashMap<>();
            train.put("mode", "trial-parallel (one Spark task)");
            train.put("steps", summary.steps());
            train.put("final_loss", summary.finalLoss());
            train.put("seconds", summary.seconds());
            if (Double.isFinite(summary.samplesPerSecond())) {
                train.put("samples_per_second", summary.samplesPerSecond());
            }
            trial.record(RunLayout.Stage.TRAIN, train);
            finish(t, trial, summary, start - (long) (summary.seconds() * 1e9));
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(t, TrialResult.reason(e), start);
        }
    }

    /** Samples and evaluates a trained trial and records it as finished. */
    private void finish(Trial t, RunContext trial, TrainSummary summary, long startNanos) {
        SampleStage.run(trial);
        EvaluateStage.Evaluation e = EvaluateStage.run(trial, false);
        SampleMetrics m = e.metrics();
        double wall = (System.nanoTime() - startNanos) / 1e9;
        record(new TrialResult(t.id(), TrialResult.Status.OK, null, null, t.varied(), summary.steps(),
                summary.finalLoss(), m.slicedW1(), m.radialW1(), m.angularW1(), summary.seconds(), wall,
                summary.samplesPerSecond(), TrialResult.qualityOf(e.floors())));
    }

    private void fail(Trial t, String reason, long startNanos) {
        record(TrialResult.failed(t, reason, (System.nanoTime() - startNanos) / 1e9));
    }

    private void record(TrialResult r) {
        ctx.json.write(layout.trialResult(r.id()), SweepJson.tree(r));
        int n = done.incrementAndGet();
        if (r.status() == TrialResult.Status.STOPPED) {
            LOG.info("trial {} stopped early ({}/{}) at step {}: {}", r.id(), n, trials.size(), r.steps(), r.earlyStop());
        } else if (r.ok()) {
            LOG.info("trial {} ok ({}/{}) in {}s: final loss {}, sliced_w1 {}, radial_w1 {}, angular_w1 {}", r.id(), n,
                    trials.size(), String.format("%.1f", r.wallSeconds()), fmt(r.finalLoss()), fmt(r.slicedW1()),
                    fmt(r.radialW1()), fmt(r.angularW1()));
        } else {
            LOG.warn("trial {} failed ({}/{}): {}", r.id(), n, trials.size(), r.error());
        }
    }

    static String fmt(double v) {
        return String.format("%.4f", v);
    }
}
