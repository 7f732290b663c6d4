package nanodiffusion.sde;

import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;

/**
 * Exact log-density of points under the model via the probability-flow ODE and the instantaneous change of
 * variables: with f(x, t) = -1/2 beta(t) (x + s(x, t)), integrate x and the divergence of f from t = eps to T, then
 * log p_eps(x) = log N(x_T; 0, I) + integral_eps^T div f dt, where div f = -1/2 beta(t) (2 + tr(ds/dx)).
 */
public final class LogLikelihood {
    /** Start of the integration; the score is not trained at t = 0 exactly. */
    public static final double T_EPS = 1e-5;

    private final VpSchedule schedule;
    private final double tolerance;

    public LogLikelihood(VpSchedule schedule, double tolerance) {
        this.schedule = schedule;
        this.tolerance = tolerance;
    }

    /** log p(x_i) in nats for the first n points of xy, written to out; returns the number of score evaluations. */
    public long logDensity(double[] xy, int n, ScoreDivergence model, double[] out) {
        int m = 2 * n;
        double[] state = new double[m + n]; // (x, y) per point, then the accumulated divergence integral
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
                    yDot[m + i] = half * (2 + divergence[i]);
                }
            }
        }, T_EPS, state, schedule.horizon(), state);
        for (int i = 0; i < n; i++) {
            double x = state[2 * i];
            double y = state[2 * i + 1];
            double prior = -Math.log(2 * Math.PI) - 0.5 * (x * x + y * y);
            out[i] = prior + state[m + i];
        }
        return solver.getEvaluations();
    }
}
