package nanodiffusion.sde;

import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;

/**
 * Exact log-density of points under the model via the probability-flow ODE and the instantaneous change of
 * variables: with the flow's drift mu(x, t) = f(t) x - 1/2 g(t)^2 s(x, t) ({@link ReverseDrift#flow}), integrate x
 * and the divergence of mu from t = eps to T, then log p_eps(x) = log N(x_T; 0, priorStd^2 I) + integral_eps^T
 * div mu dt, where div mu = f(t) d - 1/2 g(t)^2 tr(ds/dx) in R^d (for the VP SDE -1/2 beta(t) (d + tr(ds/dx))).
 */
public final class LogLikelihood {
    /** Start of the integration; the score is not trained at t = 0 exactly. */
    public static final double T_EPS = 1e-5;

    private final Sde sde;
    private final double tolerance;

    public LogLikelihood(Sde sde, double tolerance) {
        this.sde = sde;
        this.tolerance = tolerance;
    }

    /** log p(x_i) in nats for the first n points of xy, written to out; returns the number of score evaluations. */
    public long logDensity(double[] xy, int n, ScoreDivergence model, double[] out) {
        int dim = model.dim();
        int m = dim * n;
        double[] state = new double[m + n]; // the points' coordinates, then the accumulated divergence integral
        System.arraycopy(xy, 0, state, 0, m);
        double[] score = new double[m];
        double[] divergence = new double[n];
        DormandPrince54Integrator solver = new DormandPrince54Integrator(1e-10, sde.horizon(), tolerance, tolerance);
        solver.integrate(new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return m + n;
            }

            @Override
            public void computeDerivatives(double t, double[] y, double[] yDot) {
                model.evaluate(y, n, t, score, divergence);
                ReverseDrift flow = ReverseDrift.flow(sde, t);
                flow.evaluate(y, score, m, yDot);
                for (int i = 0; i < n; i++) {
                    yDot[m + i] = flow.divergence(dim, divergence[i]);
                }
            }
        }, T_EPS, state, sde.horizon(), state);
        for (int i = 0; i < n; i++) {
            out[i] = sde.priorLogDensity(state, dim * i, dim) + state[m + i];
        }
        return solver.getEvaluations();
    }
}
