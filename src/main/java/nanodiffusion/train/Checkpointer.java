package nanodiffusion.train;

import nanodiffusion.config.CheckpointConfig;
import nanodiffusion.model.ExponentialAverage;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Writes a checkpoint after an averaging round once train.checkpointEvery steps have passed since the last one, and
 * after the round that reaches train.steps (so a finished run can be extended with {@code --resume} and a larger
 * train.steps from where it ended: --resume reads checkpoints, which also carry the loss history and the settings),
 * and remembers the newest one, which a diverged run names as the place to resume from.
 */
public final class Checkpointer implements TrainingRounds.RoundListener {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Optional<CheckpointStore> store;
    private final CheckpointConfig schedule;
    private final long finalStep;
    private final MultiLayerNetwork network;
    private final Optional<ExponentialAverage> ema;
    private final LossHistory history;
    private final Map<String, Object> settings;
    private long lastStep;
    private Optional<Path> last;

    /**
     * @param store     where checkpoints go; empty: none are written (a fit kept in memory)
     * @param startStep the step training starts from, with {@code latest} the checkpoint it resumed from (if any)
     * @param settings  the run's flat settings, stored with each checkpoint
     */
    public Checkpointer(Optional<CheckpointStore> store, CheckpointConfig schedule, long finalStep, MultiLayerNetwork network,
                        Optional<ExponentialAverage> ema, LossHistory history, Map<String, Object> settings,
                        long startStep, Optional<Path> latest) {
        this.store = store;
        this.schedule = schedule;
        this.finalStep = finalStep;
        this.network = network;
        this.ema = ema;
        this.history = history;
        this.settings = settings;
        this.lastStep = startStep;
        this.last = latest;
    }

    @Override
    public void roundDone(long step) {
        boolean due = step - lastStep >= schedule.every() || step == finalStep; // each round's step is new
        if (store.isPresent() && schedule.enabled() && due) {
            Path saved = store.get().save(new Checkpoint(step, network, ema.map(ExponentialAverage::value), history, settings));
            last = Optional.of(saved);
            lastStep = step;
            LOG.info("checkpoint at step {}: {}", step, saved);
        }
    }

    /** Whether a checkpoint was written or resumed from, so that there is one to resume. */
    public boolean hasCheckpoint() {
        return last.isPresent();
    }

    /** The newest checkpoint written or resumed from, "none" without one. */
    public String lastCheckpoint() {
        return last.map(Path::toString).orElse("none");
    }
}
