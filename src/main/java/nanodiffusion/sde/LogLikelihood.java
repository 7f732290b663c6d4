package nanodiffusion.sde;

import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.exception.NumberIsTooSmallException;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;

/**
 * Exact log-density of points under the model via the probability-flow ODE and the instantaneous change of
 * variables: with the flow's drift mu(x, t) = f(t) x - 1/2 g(t)^2 s(x, t) ({@link ReverseDrift#flow}), integrate x
 * and the divergence of mu from t = eps to T, then log p_eps(x) = log N(x_T; 0, priorStd^2 I) + integral_eps^T
 * div mu dt, where div mu = f(t) d - 1/2 g(t)^2 tr(ds/dx) in R^d (for the VP SDE -1/2 beta(t) (d + tr(ds/dx))).
 * Every solve ends: the points must be finite, a non-finite derivative stops it at once, and it may take at most
 * {@link #MAX_EVALUATIONS} score evaluations.
 */
public final class LogLikelihood {
    /** Start of the integration; the score is not trained at t = 0 exactly. */
    public static final double T_EPS = 1e-5;
    /**
     * Score evaluations one solve may take: about 30 times the 1,400-1,630 the default model needs at
     * eval.nllTolerance = 1e-5, so only a solve that cannot converge reaches it.
     */
    public static final int MAX_EVALUATIONS = 50_000;

    private final Sde sde;
    private final double tolerance;

    public LogLikelihood(Sde sde, double tolerance) {
        this.sde = sde;
        this.tolerance = tolerance;
    }

    /**
     * log p(x_i) in nats for the first n points of xy, written to out; returns the number of score evaluations.
     *
     * @throws IllegalArgumentException if a coordinate is NaN or infinite (its density is undefined)
     * @throws ArithmeticException if the score is not finite along the flow or the solve needs more than
     *                             {@link #MAX_EVALUATIONS} score evaluations
     */
    public long logDensity(double[] xy, int n, ScoreDivergence model, double[] out) {
        int dim = model.dim();
        int m = dim * n;
        requireFinite(xy, m, dim);
        double[] state = new double[m + n]; // the points' coordinates, then the accumulated divergence integral
        System.arraycopy(xy, 0, state, 0, m);
        DormandPrince54Integrator solver = new DormandPrince54Integrator(1e-10, sde.horizon(), tolerance, tolerance);
        solver.setMaxEvaluations(MAX_EVALUATIONS);
        try {
            solver.integrate(new DensityFlow(model, n), T_EPS, state, sde.horizon(), state);
        } catch (MaxCountExceededException | NumberIsTooSmallException e) { // too many steps, or too small ones
            throw new ArithmeticException("the likelihood ODE did not reach t = " + sde.horizon() + " within "
                    + MAX_EVALUATIONS + " score evaluations at tolerance " + tolerance + " (" + e.getMessage()
                    + "); the model's score is too rough here to integrate");
        }
        for (int i = 0; i < n; i++) {
            out[i] = sde.priorLogDensity(state, dim * i, dim) + state[m + i];
        }
        return solver.getEvaluations();
    }

    private static void requireFinite(double[] xy, int m, int dim) {
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(xy[i])) {
                throw new IllegalArgumentException("point " + i / dim + " has a non-finite coordinate (" + xy[i]
                        + "); its log-density is undefined");
            }
        }
    }

    /** The points and their divergence integral as one ODE state; stops at the first non-finite derivative. */
    private final class DensityFlow implements FirstOrderDifferentialEquations {
        private final ScoreDivergence model;
        private final int n;
        private final int m;
        private final double[] score;
        private final double[] divergence;

        DensityFlow(ScoreDivergence model, int n) {
            this.model = model;
            this.n = n;
            this.m = model.dim() * n;
            this.score = new double[m];
            this.divergence = new double[n];
        }

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
                yDot[m + i] = flow.divergence(model.dim(), divergence[i]);
            }
            for (double v : yDot) { // a NaN step size never ends the solver's loop: stop here instead
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException("the likelihood ODE met a non-finite score or divergence at t = "
                            + t + "; the model is not finite along this point's flow");
                }
            }
        }
    }
}
