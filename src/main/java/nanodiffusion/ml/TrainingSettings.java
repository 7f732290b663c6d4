package nanodiffusion.ml;

import nanodiffusion.config.Settings;
import org.apache.spark.ml.param.Param;

/**
 * Typed setters and getters for the training settings users tune most, as Spark ML stages name theirs
 * ({@code setMaxIter} / {@code getMaxIter} / {@code maxIter()}): each is the Param of its config key, so
 * {@code setSteps(2000)} is {@code setSetting("train.steps", 2000)}, checked the same way, and {@code steps()} is
 * the Param for a ParamGridBuilder.
 */
public interface TrainingSettings<S> extends SamplingSettings<S> {
    /** Training steps, each one global batch ({@code train.steps}). */
    default S setSteps(int value) {
        return setSetting(Settings.TRAIN_STEPS.key(), value);
    }

    default int getSteps() {
        return getOrDefault(steps());
    }

    default Param<Integer> steps() {
        return setting(Settings.TRAIN_STEPS.key());
    }

    /** Samples per global batch, split over the workers ({@code train.batchSize}). */
    default S setBatchSize(int value) {
        return setSetting(Settings.TRAIN_BATCH_SIZE.key(), value);
    }

    default int getBatchSize() {
        return getOrDefault(batchSize());
    }

    default Param<Integer> batchSize() {
        return setting(Settings.TRAIN_BATCH_SIZE.key());
    }

    /** Adam's learning rate ({@code train.lr}). */
    default S setLearningRate(double value) {
        return setSetting(Settings.TRAIN_LR.key(), value);
    }

    default double getLearningRate() {
        return getOrDefault(learningRate());
    }

    default Param<Double> learningRate() {
        return setting(Settings.TRAIN_LR.key());
    }

    /** Units per hidden layer of the score network ({@code model.width}). */
    default S setWidth(int value) {
        return setSetting(Settings.MODEL_WIDTH.key(), value);
    }

    default int getWidth() {
        return getOrDefault(width());
    }

    default Param<Integer> width() {
        return setting(Settings.MODEL_WIDTH.key());
    }

    /** Layers of the score network ({@code model.depth}). */
    default S setDepth(int value) {
        return setSetting(Settings.MODEL_DEPTH.key(), value);
    }

    default int getDepth() {
        return getOrDefault(depth());
    }

    default Param<Integer> depth() {
        return setting(Settings.MODEL_DEPTH.key());
    }
}
