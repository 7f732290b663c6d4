package nanodiffusion.sde;

/**
 * EDM's deterministic sampler (Karras et al. 2022, "Elucidating the Design Space of Diffusion-Based Generative
 * Models", Algorithm 1 with S_churn = 0): Heun's method on the probability-flow ODE written in the noise level
 * sigma_e = sigma / alpha and the scaled state y = x / alpha, where it reads dy/dsigma_e = (y - D(y; sigma_e)) /
 * sigma_e with D the denoised prediction ({@link DataPrediction}). Noise levels at the times t_0 = T .. t_(N-1)
 * ({@link StepTimes}, EDM's rho schedule by default) and then 0: each step is Euler plus a Heun correction, except
 * the last, to sigma_e = 0, which is Euler and lands on D. 2 N - 1 evaluations.
 */
public record EdmHeun(Sde sde, StepTimes times) implements Sampler {
    @Override
    public long integrate(double[] x, int n, ScoreFunction score, GaussianNoise noise) {
        int m = score.dim() * n;
        DataPrediction prediction = new DataPrediction(sde, score);
        int points = times.points();
        double[] y = new double[m];
        double[] d = new double[m];
        double[] next = new double[m];
        double[] scaled = new double[m];
        double[] denoised = new double[m];
        double a0 = sde.alpha(times.time(0));
        for (int j = 0; j < m; j++) {
            y[j] = x[j] / a0;
        }
        long evaluations = 0;
        for (int i = 0; i < points; i++) {
            double t = times.time(i);
            double level = noiseLevel(t);
            denoise(prediction, y, n, t, scaled, denoised, m);
            evaluations++;
            if (i == points - 1) {
                System.arraycopy(denoised, 0, y, 0, m); // Euler to sigma_e = 0 lands on D
                break;
            }
            double tn = times.time(i + 1);
            double levelNext = noiseLevel(tn);
            double dl = levelNext - level;
            for (int j = 0; j < m; j++) {
                d[j] = (y[j] - denoised[j]) / level;
                next[j] = y[j] + dl * d[j];
            }
            denoise(prediction, next, n, tn, scaled, denoised, m);
            evaluations++;
            for (int j = 0; j < m; j++) {
                double dNext = (next[j] - denoised[j]) / levelNext;
                y[j] += dl * 0.5 * (d[j] + dNext);
            }
        }
        System.arraycopy(y, 0, x, 0, m); // at sigma_e = 0, alpha = 1: y = x
        return evaluations;
    }

    /** sigma_e(t) = sigma(t) / alpha(t) = e^(-lambda(t)). */
    private double noiseLevel(double t) {
        return sde.sigma(t) / sde.alpha(t);
    }

    /** D(y; sigma_e(t)) = x0_hat(alpha(t) y, t). */
    private void denoise(DataPrediction prediction, double[] y, int n, double t, double[] scaled, double[] out, int m) {
        double a = sde.alpha(t);
        for (int j = 0; j < m; j++) {
            scaled[j] = a * y[j];
        }
        prediction.evaluate(scaled, n, t, out);
    }
}
