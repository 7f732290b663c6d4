package nanodiffusion.sde;

import nanodiffusion.eval.ExactLaw;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.simple.RandomSource;


/**
 * A ring whose direction, like the seed ring's, has its mass toward the corners of the square, with a score known
 * exactly: radius R ~ Gamma(shape k, rate k) (the seed ring's radius law) times a direction drawn uniformly with
 * probability 1 - w and otherwise from a von Mises law of concentration kappa around one of the four corners
 * pi/4 + j pi/2. {@link #SEED_LIKE} matches the seed ring's angle law (u/|u| for u uniform on the square) in its
 * first two Fourier coefficients, E cos(4 theta) = -0.1416 and E cos(8 theta) = 0.0501 (its density runs from 0.127
 * on the axes to 0.223 at the corners, the seed's from 0.125 to 0.25), so a sampler that blurs the seed ring's angle
 * law blurs this one, and here its error is the sampler's alone.
 * <p>
 * Why the score is exact: the angle integral of the Gaussian kernel against a von Mises density is a von Mises
 * normaliser, int e^(kappa cos(theta - mu)) e^(z cos(theta - phi)) dtheta = 2 pi I0(|kappa u_mu + z u_phi|), so with
 * a = alpha R / sigma^2, z = a |x| and v_j = kappa u_j + a x,
 * <pre>
 *   p_t(x) ~ int p(R) exp(-(|x|^2 + alpha^2 R^2) / (2 sigma^2)) [(1 - w) I0(z) + (w / 4) sum_j I0(|v_j|) / I0(kappa)] dR
 *   grad log p_t = -x / sigma^2 + E[a ((1 - w) I1(z) x / |x| + (w / 4) sum_j I1(|v_j|) v_j / |v_j| / I0(kappa))
 *                                     / ((1 - w) I0(z) + (w / 4) sum_j I0(|v_j|) / I0(kappa))]
 * </pre>
 * (the expectation under the integrand as a weight over R), on the same radius nodes as {@link RingScore}, which is
 * the case w = 0.
 */
record CornerRing(double k, double w, double kappa) {
    /** The seed ring's radius law and, to its first two Fourier coefficients, its angle law. */
    static final CornerRing SEED_LIKE = new CornerRing(200, 0.2008603446, 23.33088023);
    private static final int HARMONICS = 12; // of 4 theta: rho_48(23.3) / rho_0 is below 1e-21

    /** n points of the law, interleaved (x, y), from the stream of this seed. */
    double[] draw(int n, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ContinuousSampler radius = AhrensDieterMarsagliaTsangGammaSampler.of(rng, k, 1 / k);
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double angle = rng.nextDouble() < w
                    ? Math.PI / 4 + (Math.PI / 2) * rng.nextInt(4) + vonMises(rng)
                    : 2 * Math.PI * rng.nextDouble();
            double r = radius.sample();
            x[2 * i] = r * Math.cos(angle);
            x[2 * i + 1] = r * Math.sin(angle);
        }
        return x;
    }

    /** A von Mises deviate of concentration kappa around 0: Best and Fisher (1979), as Devroye's book gives it. */
    private double vonMises(UniformRandomProvider rng) {
        double tau = 1 + Math.sqrt(1 + 4 * kappa * kappa);
        double rho = (tau - Math.sqrt(2 * tau)) / (2 * kappa);
        double r = (1 + rho * rho) / (2 * rho);
        while (true) {
            double c = Math.cos(Math.PI * rng.nextDouble());
            double f = (1 + r * c) / (r + c);
            double g = kappa * (r - f);
            double u = rng.nextDouble();
            if (g * (2 - g) - u > 0 || Math.log(g / u) + 1 - g >= 0) {
                double theta = Math.acos(Math.max(-1, Math.min(1, f)));
                return rng.nextBoolean() ? theta : -theta;
            }
        }
    }

    /**
     * The law of the angle atan2(y, x) on (-pi, pi]: the four corners' von Mises laws together have only the
     * harmonics 4m, with coefficients (-1)^m I_4m(kappa) / I0(kappa), so
     * F(theta) = (theta + pi) / (2 pi) + w sum_m (-1)^m rho_4m sin(4 m theta) / (4 m pi).
     */
    ExactLaw angleLaw() {
        double[] coefficient = new double[HARMONICS + 1];
        for (int m = 1; m <= HARMONICS; m++) {
            coefficient[m] = harmonic(m) / (4 * m * Math.PI);
        }
        return ExactLaw.angle(theta -> {
            double f = (theta + Math.PI) / (2 * Math.PI);
            for (int m = 1; m <= HARMONICS; m++) {
                f += coefficient[m] * Math.sin(4 * m * theta);
            }
            return f;
        });
    }

    /** E cos(4 m theta) of the angle law: (-1)^m w I_4m(kappa) / I0(kappa) (the uniform part adds nothing). */
    double harmonic(int m) {
        return w * (m % 2 == 0 ? 1 : -1) * besselRatios(kappa, 4 * m)[4 * m];
    }

    /** I_n(z) / I_0(z) for n = 0 .. max, by the backward recurrence I_(n-1) / I_n = 2n / z + I_(n+1) / I_n. */
    static double[] besselRatios(double z, int max) {
        double next = 0;
        double[] step = new double[max + 1]; // step[n] = I_n / I_(n-1)
        for (int n = max + 200; n >= 1; n--) {
            next = 1 / (2 * n / z + next);
            if (n <= max) {
                step[n] = next;
            }
        }
        double[] rho = new double[max + 1];
        rho[0] = 1;
        for (int n = 1; n <= max; n++) {
            rho[n] = rho[n - 1] * step[n];
        }
        return rho;
    }

    /** The exact score of this law under the SDE. */
    Score score(Sde sde) {
        return new Score(this, sde, RingScore.NODES, RingScore.SPAN);
    }

    record Score(CornerRing ring, Sde sde, int nodes, double span) implements PlaneScore {
        private static final double[] CORNER_X = {Math.sqrt(0.5), -Math.sqrt(0.5), -Math.sqrt(0.5), Math.sqrt(0.5)};
        private static final double[] CORNER_Y = {Math.sqrt(0.5), Math.sqrt(0.5), -Math.sqrt(0.5), -Math.sqrt(0.5)};

        @Override
        public void at(double x, double y, double alpha, double sigma, double[] out, int offset) {
            double s2 = sigma * sigma;
            double rho = Math.sqrt(x * x + y * y);
            if (rho == 0) {
                out[offset] = 0; // the law is symmetric under x -> -x
                out[offset + 1] = 0;
                return;
            }
            double k = ring.k;
            double kappa = ring.kappa;
            double corner = ring.w / 4 / RingScore.i0e(kappa);
            double[] r = RingScore.radiusNodes(k, rho, alpha, sigma, nodes, span);
            double[] logWeight = new double[nodes];
            double[] gx = new double[nodes];
            double[] gy = new double[nodes];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nodes; j++) {
                if (r[j] <= 0) {
                    logWeight[j] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double a = alpha * r[j] / s2;
                double z = a * rho;
                // everything below is relative to e^z: I0(z) = e^z i0e(z), I0(|v|) / I0(kappa) = e^z e^(|v| - z - kappa) i0e(|v|) / i0e(kappa)
                double uniform = (1 - ring.w) * RingScore.i1e(z) / rho;
                double level = (1 - ring.w) * RingScore.i0e(z);
                double vx = 0;
                double vy = 0;
                for (int c = 0; c < 4; c++) {
                    double px = kappa * CORNER_X[c] + a * x;
                    double py = kappa * CORNER_Y[c] + a * y;
                    double norm = Math.sqrt(px * px + py * py);
                    if (norm - z - kappa < -30) {
                        continue; // e^-30 of this corner's peak: under 1e-12 of the uniform part's weight
                    }
                    double scale = corner * Math.exp(norm - z - kappa);
                    level += scale * RingScore.i0e(norm);
                    double pull = scale * RingScore.i1e(norm) / norm;
                    vx += pull * px;
                    vy += pull * py;
                }
                double miss = rho - alpha * r[j];
                logWeight[j] = (k - 1) * Math.log(r[j]) - k * r[j] - miss * miss / (2 * s2) + Math.log(level);
                gx[j] = a * (uniform * x + vx) / level;
                gy[j] = a * (uniform * y + vy) / level;
                max = Math.max(max, logWeight[j]);
            }
            double sum = 0;
            double sx = 0;
            double sy = 0;
            for (int j = 0; j < nodes; j++) {
                double weight = Math.exp(logWeight[j] - max);
                sum += weight;
                sx += weight * gx[j];
                sy += weight * gy[j];
            }
            out[offset] = -x / s2 + sx / sum;
            out[offset + 1] = -y / s2 + sy / sum;
        }
    }
}
