package nanodiffusion.sde;

/**
 * Multistep DPM-Solver++ (Lu et al. 2022, "DPM-Solver++: Fast Solver for Guided Sampling of Diffusion
 * Probabilistic Models", Algorithm 2 and its third-order form in the authors' reference code): an exponential
 * integrator of the probability-flow ODE in log-SNR lambda = log(alpha/sigma) for the data prediction
 * m = x0_hat(x, t). From t_(i-1) to t_i, h = lambda_i - lambda_(i-1), phi1 = e^(-h) - 1:
 * <pre>
 *   order 1:  x_i = (sigma_i / sigma_(i-1)) x - alpha_i phi1 m_(i-1)                      (= DDIM, Song et al. 2021)
 *   order 2:  ... - 1/2 alpha_i phi1 D1,  D1 = (m_(i-1) - m_(i-2)) / r0,  r0 = h_(i-1) / h
 *   order 3:  x_i = (sigma_i / sigma_(i-1)) x - alpha_i phi1 m_(i-1) + alpha_i phi2 D1 - alpha_i phi3 D2,
 *             phi2 = phi1 / h + 1, phi3 = phi2 / h - 1/2, D1_0 = (m_(i-1) - m_(i-2)) / r0,
 *             D1_1 = (m_(i-2) - m_(i-3)) / r1, D1 = D1_0 + r0 / (r0 + r1) (D1_0 - D1_1), D2 = (D1_0 - D1_1) / (r0 + r1)
 * </pre>
 * The first steps use the orders their history allows. The network is evaluated at t_0 = T .. t_(N-1) = tMin
 * ({@link StepTimes}); the last step, to t = 0 (lambda = infinity), returns m_(N-1), the denoised prediction, so a
 * sample costs exactly N evaluations.
 * <p>
 * {@code eta} > 0: SDE-DPM-Solver++ (Lu et al. 2022, the paper above: its solvers of the reverse SDE in the
 * same data-prediction form; the multistep form of k-diffusion's {@code sample_dpmpp_2m_sde} / {@code 3m_sde}, whose
 * eta this is). The linear part is integrated exactly, which turns h into (1 + eta) h in the phi functions and adds
 * fresh noise:
 * <pre>
 *   x_i = (sigma_i / sigma_(i-1)) e^(-eta h) x - alpha_i phi1((1 + eta) h) m_(i-1) + (the corrections with
 *         phi_k((1 + eta) h)) + sigma_i sqrt(1 - e^(-2 eta h)) z
 * </pre>
 * eta = 1 is the reverse SDE; its first-order step is DDPM's ancestral step, a draw from
 * q(x_i | x_(i-1), x0 = m_(i-1)) (Ho et al. 2020). eta = 0 is the probability-flow solver above, and eta in between
 * follows the family of SDEs with the same marginals and a fraction of the reverse SDE's noise (DDIM's eta, Song et
 * al. 2021).
 * <p>
 * {@code etaNoiseMin}: a step that starts below this noise level sigma/alpha = e^(-lambda) adds no noise and takes
 * the probability-flow step (eta = 0 for that step), as EDM's S_tmin confines its stochastic churn to noise levels
 * above a bound (Karras et al. 2022, Algorithm 2). With few steps the last ones are coarse where the data's finest
 * scale is decided; there the stochastic step's error widens the law (for Gaussian data it misses the posterior's
 * variance), while the probability-flow step carries the marginal it is given. 0: every step uses eta.
 */
public record DpmSolverPlusPlus(Sde sde, StepTimes times, int order, double eta, double etaNoiseMin)
        implements Sampler {
    public DpmSolverPlusPlus {
        if (order < 1 || order > 3) {
            throw new IllegalArgumentException("order must be 1, 2 or 3, got " + order);
        }
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta must be in [0, 1], got " + eta);
        }
        if (!(etaNoiseMin >= 0 && Double.isFinite(etaNoiseMin))) {
            throw new IllegalArgumentException("etaNoiseMin must be a finite number >= 0, got " + etaNoiseMin);
        }
    }

    /** The reverse SDE's solver with eta on every step. */
    public DpmSolverPlusPlus(Sde sde, StepTimes times, int order, double eta) {
        this(sde, times, order, eta, 0);
    }

    /** The deterministic solver of the probability-flow ODE. */
    public DpmSolverPlusPlus(Sde sde, StepTimes times, int order) {
        this(sde, times, order, 0, 0);
    }

    @Override
    public long integrate(double[] x, int n, ScoreFunction score, GaussianNoise noise) {
        int m = score.dim() * n;
        DataPrediction prediction = new DataPrediction(sde, score);
        int points = times.points();
        double[][] history = new double[3][m]; // m_(i-1), m_(i-2), m_(i-3)
        double[] z = eta > 0 ? new double[m] : null;
        double[] lambdas = new double[points];
        for (int i = 0; i < points; i++) {
            lambdas[i] = sde.logSnr(times.time(i));
        }
        for (int i = 0; i < points; i++) {
            double[] newest = history[2]; // reuse the oldest buffer for the newest prediction
            history[2] = history[1];
            history[1] = history[0];
            history[0] = newest;
            prediction.evaluate(x, n, times.time(i), newest);
            if (i == points - 1) {
                System.arraycopy(newest, 0, x, 0, m); // the step to t = 0: x_0 = m_(N-1)
                break;
            }
            double stepEta = etaAt(lambdas[i]);
            step(x, m, history, lambdas, i, Math.min(order, i + 1), stepEta);
            if (stepEta > 0) {
                noise.fill(z, n);
                double h = lambdas[i + 1] - lambdas[i];
                double scale = sde.sigma(times.time(i + 1)) * Math.sqrt(-Math.expm1(-2 * stepEta * h));
                for (int j = 0; j < m; j++) {
                    x[j] += scale * z[j];
                }
            }
        }
        return points;
    }

    /** The eta of a step that starts at log-SNR lambda: eta at noise levels e^(-lambda) >= etaNoiseMin, else 0. */
    double etaAt(double lambda) {
        return Math.exp(-lambda) >= etaNoiseMin ? eta : 0;
    }

    /** From t_i to t_(i+1) with the predictions at t_i, t_(i-1), ... in history[0], history[1], .... */
    private void step(double[] x, int m, double[][] history, double[] lambdas, int i, int k, double stepEta) {
        double t = times.time(i);
        double next = times.time(i + 1);
        double step = lambdas[i + 1] - lambdas[i];
        double h = (1 + stepEta) * step; // the phi functions' argument (the ratios r0, r1 are the steps')
        double ratio = sde.sigma(next) / sde.sigma(t) * Math.exp(-stepEta * step);
        double alpha = sde.alpha(next);
        double phi1 = Math.expm1(-h);
        double[] m0 = history[0];
        if (k == 1) {
            for (int j = 0; j < m; j++) {
                x[j] = ratio * x[j] - alpha * phi1 * m0[j];
            }
            return;
        }
        double r0 = (lambdas[i] - lambdas[i - 1]) / step;
        double[] m1 = history[1];
        if (k == 2) {
            for (int j = 0; j < m; j++) {
                double d1 = (m0[j] - m1[j]) / r0;
                x[j] = ratio * x[j] - alpha * phi1 * m0[j] - 0.5 * alpha * phi1 * d1;
            }
            return;
        }
        double r1 = (lambdas[i - 1] - lambdas[i - 2]) / step;
        double[] m2 = history[2];
        double phi2 = phi1 / h + 1;
        double phi3 = phi2 / h - 0.5;
        for (int j = 0; j < m; j++) {
            double d10 = (m0[j] - m1[j]) / r0;
            double d11 = (m1[j] - m2[j]) / r1;
            double d1 = d10 + r0 / (r0 + r1) * (d10 - d11);
            double d2 = (d10 - d11) / (r0 + r1);
            x[j] = ratio * x[j] - alpha * phi1 * m0[j] + alpha * phi2 * d1 - alpha * phi3 * d2;
        }
    }
}
