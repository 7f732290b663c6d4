package nanodiffusion.sde;

import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;

/**
 * Exact log-density of points under the model via the probability-flow ODE and the instantaneous change of
 * variables: with f(x, t) = -1/2 beta(t) (x + s(x, t)), integrate x and the divergence of f from t = eps to T, then
 * log p_eps(x) = log N(x_T; 0, I) + integral_eps^T div f dt, where div f = -1/2 beta(t) (d + tr(ds/dx)) in R^d.
 */
public final class LogLikelihood {
    /** Start of the integration; the score is not trained at t = 0 exactly. */
    public static final double T_EPS = 1e-5;

    private final VpSde schedule;
    private final double tolerance;

    public LogLikelihood(VpSde schedule, double tolerance) {
        this.schedule = schedule;
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
        DormandPrince54Integrator solver = new DormandPrince54Integrator(1e-10, schedule.horizon(), tolerance, tolerance);
        solver.integrate(new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return m + n;
            }

            @Override
            public void computeDerivatives(double t, double[] y, double[] yDot) {
                model.evaluate(y, n, t, score, divergence);
                double half = -0.5 * schedule.beta(t);
                for (int i = 0; i < m; i++) {
                    yDot[i] = half * (y[i] + score[i]);
                }
                for (int i = 0; i < n; i++) {
                    yDot[m + i] = half * (dim + divergence[i]);
                }
            }
        }, T_EPS, state, schedule.horizon(), state);
        for (int i = 0; i < n; i++) {
            double squared = 0;
            for (int c = 0; c < dim; c++) {
                double x = state[dim * i + c];
                squared += x * x;
            }
            double prior = -0.5 * dim * Math.log(2 * Math.PI) - 0.5 * squared;
            out[i] = prior + state[m + i];
        }
        return solver.getEvaluations();
    }
}
