package nanodiffusion.sde;

import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;

/**
 * Adaptive Dormand-Prince 5(4) (Apache Commons Math) on the probability-flow ODE from t = T to 0. The batch is one
 * state vector, so the step size is controlled by the error norm over the whole block of ids.
 */
public record AdaptiveOde(Sde sde, double rtol, double atol) implements Sampler {
    @Override
    public long integrate(double[] xy, int n, ScoreFunction score, GaussianNoise noise) {
        ProbabilityFlow flow = new ProbabilityFlow(sde, score);
        int m = score.dim() * n;
        double[] state = java.util.Arrays.copyOf(xy, m);
        DormandPrince54Integrator solver = new DormandPrince54Integrator(1e-8 * sde.horizon(),
                sde.horizon(), atol, rtol);
        solver.integrate(new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return m;
            }

            @Override
            public void computeDerivatives(double t, double[] y, double[] yDot) {
                flow.velocity(t, y, n, yDot);
            }
        }, sde.horizon(), state, 0, state);
        System.arraycopy(state, 0, xy, 0, m);
        return solver.getEvaluations();
    }
}
