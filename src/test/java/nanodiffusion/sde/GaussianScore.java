package nanodiffusion.sde;

/**
 * The exact score of p_t for data N(0, s^2 I) in R^dim under an SDE with kernel x_t = alpha x0 + sigma eps:
 * p_t = N(0, v(t) I) with v(t) = alpha^2 s^2 + sigma^2, so s(x, t) = -x / v(t) and tr(ds/dx) = -dim / v(t).
 */
record GaussianScore(int dim, double s, Sde sde) implements ScoreDivergence {
    double variance(double t) {
        double a = sde.alpha(t);
        double b = sde.sigma(t);
        return a * a * s * s + b * b;
    }

    @Override
    public void evaluate(double[] x, int n, double t, double[] score, double[] divergence) {
        double v = variance(t);
        for (int i = 0; i < dim * n; i++) {
            score[i] = -x[i] / v;
        }
        for (int i = 0; i < n; i++) {
            divergence[i] = -dim / v;
        }
    }

    @Override
    public void evaluate(double[] x, int n, double t, double[] out) {
        double v = variance(t);
        for (int i = 0; i < dim * n; i++) {
            out[i] = -x[i] / v;
        }
    }
}
