package nanodiffusion.eval;

import java.util.Arrays;

/**
 * W1 between the empirical law of n values and an exact law: the integral over x of |F_n(x) - F(x)|, with F_n the
 * empirical distribution function (k/n between the k-th and (k+1)-th smallest value). Each gap between consecutive
 * sorted values is integrated by Simpson's rule where F stays on one side of k/n; where it crosses k/n the integrand
 * has a kink, and the gap (about 1/(n density) wide, so F is linear across it to high order) is integrated with F
 * linear, exactly ((k/n - F(a))^2 + (F(b) - k/n)^2) (b - a) / (2 (F(b) - F(a))). The tails below the smallest and
 * above the largest value are composite Simpson over the law's bounds.
 */
public final class ExactWasserstein {
    private static final int TAIL_PANELS = 2000;

    private ExactWasserstein() {
    }

    public static double distance(double[] values, ExactLaw law) {
        double[] x = values.clone();
        Arrays.sort(x);
        int n = x.length;
        double sum = tail(law, law.lower(), x[0], false);
        double fa = law.cdf(x[0]);
        for (int k = 1; k < n; k++) {
            double a = x[k - 1];
            double b = x[k];
            double fb = law.cdf(b);
            if (b > a) {
                double level = (double) k / n;
                if ((level - fa) * (level - fb) < 0) {
                    sum += (b - a) * ((level - fa) * (level - fa) + (fb - level) * (fb - level)) / (2 * (fb - fa));
                } else {
                    double fm = law.cdf(0.5 * (a + b));
                    sum += (b - a) / 6 * (Math.abs(level - fa) + 4 * Math.abs(level - fm) + Math.abs(level - fb));
                }
            }
            fa = fb;
        }
        return sum + tail(law, x[n - 1], law.upper(), true);
    }

    /** The integral of F (below the samples) or 1 - F (above them) from a to b; 0 when b <= a. */
    private static double tail(ExactLaw law, double a, double b, boolean upper) {
        if (!(b > a)) {
            return 0;
        }
        double h = (b - a) / TAIL_PANELS;
        double sum = 0;
        for (int i = 0; i <= TAIL_PANELS; i++) {
            double f = law.cdf(a + i * h);
            double v = upper ? 1 - f : f;
            sum += (i == 0 || i == TAIL_PANELS ? 1 : (i % 2 == 1 ? 4 : 2)) * v;
        }
        return sum * h / 3;
    }
}
