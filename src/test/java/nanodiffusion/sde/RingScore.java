package nanodiffusion.sde;

/**
 * The exact score of p_t for a rotationally symmetric ring in R^2: radius R ~ Gamma(shape k, rate k) (the seed ring's
 * radius law, mean 1, std 1/sqrt(k)) times a uniform direction, under an SDE with kernel x_t = alpha x0 + sigma eps.
 * The seed's ring has the same radius law with its direction from the square (RingDistribution); the radius law is
 * what the radial metrics score, so with this score a sampler's radial error is its own, no model's. p_t depends on
 * rho = |x| alone: integrating the angle out of the Gaussian kernel leaves a Bessel function,
 * <pre>
 *   p_t(rho) ~ int p(R) exp(-(rho - alpha R)^2 / (2 sigma^2)) I0e(z) dR,   z = alpha R rho / sigma^2,
 *   d/d rho log p_t = -rho / sigma^2 + (alpha / sigma^2) E[R I1(z) / I0(z)]   (the expectation under that weight),
 * </pre>
 * with I0e = e^(-z) I0 and the score (d/d rho log p_t) x / rho. The integral over R is the trapezoid rule on
 * {@link #NODES} points within {@link #SPAN} posterior standard deviations of a Gaussian approximation of the
 * posterior of R: the integrand is smooth and Gaussian-like at every noise level, so the rule converges
 * geometrically (401 points over 16 deviations change the score's denoised prediction by under 1e-8, RingScoreTest).
 */
record RingScore(double k, Sde sde, int nodes, double span) implements PlaneScore {
    static final int NODES = 41;
    static final double SPAN = 10;

    RingScore(double k, Sde sde) {
        this(k, sde, NODES, SPAN);
    }

    @Override
    public void at(double x, double y, double alpha, double sigma, double[] out, int offset) {
        double rho = Math.hypot(x, y);
        double radial = rho > 0 ? radialScore(rho, alpha, sigma) / rho : 0;
        out[offset] = radial * x;
        out[offset + 1] = radial * y;
    }

    /** d/d rho log p_t at |x| = rho. */
    double radialScore(double rho, double alpha, double sigma) {
        double s2 = sigma * sigma;
        double[] radius = radiusNodes(k, rho, alpha, sigma, nodes, span);
        double[] logWeight = new double[nodes];
        double[] term = new double[nodes];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < nodes; j++) {
            double r = radius[j];
            if (r <= 0) {
                logWeight[j] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double z = alpha * r * rho / s2;
            double i0e = i0e(z);
            double miss = rho - alpha * r;
            logWeight[j] = (k - 1) * Math.log(r) - k * r - miss * miss / (2 * s2) + Math.log(i0e);
            term[j] = r * i1e(z) / i0e;
            max = Math.max(max, logWeight[j]);
        }
        double sum = 0;
        double weighted = 0;
        for (int j = 0; j < nodes; j++) {
            double w = Math.exp(logWeight[j] - max); // 0 for the points at R <= 0
            sum += w;
            weighted += w * term[j];
        }
        return -rho / s2 + alpha / s2 * weighted / sum;
    }

    /**
     * The quadrature's radii for a point at |x| = rho: nodes equally spaced points within span standard deviations
     * of the Gaussian approximation of R's posterior (prior Gamma(k, k) taken as Normal(1, 1/k), likelihood
     * Normal(rho / alpha, (sigma / alpha)^2)); those at R <= 0 carry no weight.
     */
    static double[] radiusNodes(double k, double rho, double alpha, double sigma, int nodes, double span) {
        double delta = sigma / alpha; // the likelihood's width in R
        double width = 1 / Math.sqrt(k + 1 / (delta * delta)); // prior variance 1/k
        double centre = width * width * (k + rho / alpha / (delta * delta));
        double h = 2 * span * width / (nodes - 1);
        double[] r = new double[nodes];
        for (int j = 0; j < nodes; j++) {
            r[j] = centre - span * width + j * h;
        }
        return r;
    }

    /** e^(-z) I0(z), z >= 0: Abramowitz and Stegun 9.8.1 and 9.8.2 (relative error below 2e-7). */
    static double i0e(double z) {
        if (z < 3.75) {
            double y = (z / 3.75) * (z / 3.75);
            return Math.exp(-z) * (1 + y * (3.5156229 + y * (3.0899424 + y * (1.2067492 + y * (0.2659732
                    + y * (0.0360768 + y * 0.0045813))))));
        }
        double y = 3.75 / z;
        return (0.39894228 + y * (0.01328592 + y * (0.00225319 + y * (-0.00157565 + y * (0.00916281
                + y * (-0.02057706 + y * (0.02635537 + y * (-0.01647633 + y * 0.00392377)))))))) / Math.sqrt(z);
    }

    /** e^(-z) I1(z), z >= 0: Abramowitz and Stegun 9.8.3 and 9.8.4 (relative error below 3e-7). */
    static double i1e(double z) {
        if (z < 3.75) {
            double y = (z / 3.75) * (z / 3.75);
            return Math.exp(-z) * z * (0.5 + y * (0.87890594 + y * (0.51498869 + y * (0.15084934 + y * (0.02658733
                    + y * (0.00301532 + y * 0.00032411))))));
        }
        double y = 3.75 / z;
        return (0.39894228 + y * (-0.03988024 + y * (-0.00362018 + y * (0.00163801 + y * (-0.01031555
                + y * (0.02282967 + y * (-0.02895312 + y * (0.01787654 - y * 0.00420059)))))))) / Math.sqrt(z);
    }
}
