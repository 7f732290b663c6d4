package nanodiffusion.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exponential moving average of a parameter vector: after step s, ema <- d_s ema + (1 - d_s) theta with
 * d_s = min(decay, (1 + s) / (10 + s)). The warm-up term (as in TensorFlow's ExponentialMovingAverage) keeps short
 * runs from averaging in the random initial weights; from step ~10/(1 - decay) on, d_s = decay.
 * Parameter averaging shows the driver the parameters only every k steps, so one update covers k steps with the
 * product of their decays, treating theta as constant within the round.
 */
public final class ExponentialAverage {
    private final double decay;
    private final INDArray average;

    public ExponentialAverage(double decay, INDArray start) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.average = start.dup();
    }

    /** The decay applied after (0-based) step s. */
    public double decayAt(long step) {
        return Math.min(decay, (1.0 + step) / (10.0 + step));
    }

    /** Folds in the parameters reached after steps firstStep .. firstStep + steps - 1. */
    public void update(INDArray parameters, long firstStep, int steps) {
        double keep = 1;
        for (long s = firstStep; s < firstStep + steps; s++) {
            keep *= decayAt(s);
        }
        average.muli(keep).addi(parameters.mul(1 - keep));
    }

    public INDArray value() {
        return average;
    }
}
