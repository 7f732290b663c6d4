package nanodiffusion.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Weighted denoising score matching: per example l = 1/2 sum_j (sigma s_j + eps_j)^2, so the batch mean equals
 * mean over batch and both coordinates of (sigma(t) s(x_t, t) + eps)^2. Labels are (eps_x, eps_y, sigma); the
 * network output is the score s. dl/ds_j = sigma (sigma s_j + eps_j).
 */
public final class NoiseMatchingLoss extends PerExampleLoss {
    private static final long serialVersionUID = 1L;

    /** The residual sigma * s + eps, [n, 2]. */
    private static INDArray residual(INDArray labels, INDArray score) {
        INDArray eps = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
        INDArray sigma = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 3));
        return score.mulColumnVector(sigma).addi(eps);
    }

    private static void check(INDArray labels, INDArray preOutput) {
        if (labels.rank() != 2 || labels.size(1) != 3 || preOutput.size(1) != 2 || labels.size(0) != preOutput.size(0)) {
            throw new IllegalArgumentException("noise-matching loss needs labels [n,3] (eps_x, eps_y, sigma) and output [n,2]; got "
                    + java.util.Arrays.toString(labels.shape()) + " and " + java.util.Arrays.toString(preOutput.shape()));
        }
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        check(labels, preOutput);
        INDArray score = activationFn.getActivation(preOutput.dup(), true);
        INDArray r = residual(labels, score);
        INDArray perExample = r.muli(r).sum(true, 1).muli(0.5);
        if (mask != null) {
            perExample.muliColumnVector(mask.reshape(mask.length(), 1).castTo(perExample.dataType()));
        }
        return perExample;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        check(labels, preOutput);
        INDArray score = activationFn.getActivation(preOutput.dup(), true);
        INDArray sigma = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 3));
        INDArray dLds = residual(labels, score).muliColumnVector(sigma);
        if (mask != null) {
            dLds.muliColumnVector(mask.reshape(mask.length(), 1).castTo(dLds.dataType()));
        }
        return activationFn.backprop(preOutput.dup(), dLds).getFirst();
    }

    @Override
    public String name() {
        return "NoiseMatchingLoss";
    }
}
