package nanodiffusion.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = sum over rows of labels . output: its gradient with respect to the output is the labels, so backpropagating
 * it yields the input gradient of one chosen output component per row (a row of the Jacobian).
 */
public final class LinearProbeLoss extends PerExampleLoss {
    private static final long serialVersionUID = 1L;

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return activationFn.getActivation(preOutput.dup(), false).muli(labels).sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return activationFn.backprop(preOutput.dup(), labels.dup()).getFirst();
    }

    @Override
    public String name() {
        return "LinearProbeLoss";
    }
}
