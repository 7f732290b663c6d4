package nanodiffusion.pipeline;

import nanodiffusion.config.RunConfig;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ExponentialAverage;
import nanodiffusion.model.TrainedWith;
import nanodiffusion.data.Standardization;
import nanodiffusion.model.ModelStore;
import nanodiffusion.train.LossHistory;
import nanodiffusion.train.TrainSummary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Optional;

/**
 * What every training leaves in its run folder, a plain run's train stage and a sweep's trial alike: the model
 * folder (network, EMA, network settings, sealed) and loss.csv; and the summary of the training.
 */
public final class TrainingOutputs {
    private TrainingOutputs() {
    }

    /** Saves the trained model and its loss history into {@code out}; returns the summary of steps start..reached. */
    public static TrainSummary save(Storage storage, RunLayout out, RunConfig config, MultiLayerNetwork network,
                                    Optional<ExponentialAverage> ema, LossHistory history, long startStep,
                                    long reached, double seconds) {
        return save(storage, out, config, network, ema, history, startStep, reached, seconds, Optional.empty());
    }

    /** As above, with a table's standardisation saved next to the network. */
    public static TrainSummary save(Storage storage, RunLayout out, RunConfig config, MultiLayerNetwork network,
                                    Optional<ExponentialAverage> ema, LossHistory history, long startStep,
                                    long reached, double seconds, Optional<Standardization> standardization) {
        new ModelStore(storage).save(network, ema.map(ExponentialAverage::value), TrainedWith.of(config),
                standardization, out.model());
        storage.writeText(out.lossCsv(), history.toCsv());
        return TrainSummary.of(history, startStep, reached, config.train().batchSize(), seconds);
    }
}
