package nanodiffusion.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Weighted denoising score matching: per example l = 1/2 sum_j (sigma s_j + eps_j)^2, so the batch mean equals
 * 1/2 the mean over the batch of |sigma(t) s(x_t, t) + eps|^2. In R^d labels are (eps_1 .. eps_d, sigma) and the
 * network output is the score s (d columns). dl/ds_j = sigma (sigma s_j + eps_j).
 */
public final class NoiseMatchingLoss extends PerExampleLoss {
    private static final long serialVersionUID = 1L;

    /** The residual sigma * s + eps, [n, d]. */
    private static INDArray residual(INDArray labels, INDArray score) {
        long d = score.size(1);
        INDArray eps = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d));
        INDArray sigma = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(d, d + 1));
        return score.mulColumnVector(sigma).addi(eps);
    }

    private static void check(INDArray labels, INDArray preOutput) {
        if (labels.rank() != 2 || labels.size(1) != preOutput.size(1) + 1 || labels.size(0) != preOutput.size(0)) {
            throw new IllegalArgumentException("noise-matching loss needs labels [n, d + 1] (eps, sigma) and output "
                    + "[n, d]; got "
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
        long d = preOutput.size(1);
        INDArray sigma = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(d, d + 1));
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
