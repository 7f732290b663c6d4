package nanodiffusion.data;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The 2D densities of the low-dimensional density-estimation literature (the toy data of FFJORD, Grathwohl et al.
 * 2019, and its descendants), each written from its definition there, with U = uniform(0, 1) and N = standard normal
 * draws from the point's stream:
 * <ul>
 * <li>{@code moons}: half the points on the upper unit half-circle (cos a, sin a), half on the lower one shifted,
 * (1 - cos a, 1/2 - sin a), a = pi U, plus 0.1 N noise per coordinate; then 2x + (-1, -0.2);</li>
 * <li>{@code 8gaussians}: one of eight centres 4 (cos k pi/4, sin k pi/4) plus 0.5 N per coordinate, all / 1.414;</li>
 * <li>{@code swissroll}: t = 3 pi / 2 (1 + 2U), (t cos t, t sin t) plus N per coordinate, all / 5;</li>
 * <li>{@code checkerboard}: x = 4U - 2, y = U - 2 B + (floor(x) mod 2) with B a fair bit, all times 2: uniform on
 * the 8 black squares of side 2 of a 4 x 4 board on [-4, 4]^2;</li>
 * <li>{@code pinwheel}: 5 arms; f = (1 + 0.3 N, 0.1 N), the row vector f times the rotation matrix of angle
 * a = 2 pi k / 5 + 0.25 exp(f_0) (so turned by -a), times 2;</li>
 * <li>{@code 2spirals}: s = sqrt(U) 3 pi, (-s cos s + U/2, s sin s + U/2) or its negative, / 3, plus 0.1 N;</li>
 * <li>{@code circles}: radius 1 or 0.5 with equal probability, angle 2 pi U, plus 0.08 N per coordinate, times 3.</li>
 * </ul>
 * The per-point choices (which moon, centre, arm, ...) are drawn per point instead of in fixed halves, so every point
 * is independent.
 */
public enum ToyDistributions implements DataSource {
    MOONS {
        @Override
        void draw(UniformRandomProvider u, ContinuousSampler n, double[] out, int o) {
            double a = Math.PI * u.nextDouble();
            boolean upper = u.nextBoolean();
            double x = upper ? Math.cos(a) : 1 - Math.cos(a);
            double y = upper ? Math.sin(a) : 0.5 - Math.sin(a);
            out[o] = 2 * (x + 0.1 * n.sample()) - 1;
            out[o + 1] = 2 * (y + 0.1 * n.sample()) - 0.2;
        }
    },
    EIGHT_GAUSSIANS {
        @Override
        void draw(UniformRandomProvider u, ContinuousSampler n, double[] out, int o) {
            double angle = Math.PI / 4 * u.nextInt(8);
            out[o] = (4 * Math.cos(angle) + 0.5 * n.sample()) / 1.414;
            out[o + 1] = (4 * Math.sin(angle) + 0.5 * n.sample()) / 1.414;
        }
    },
    SWISS_ROLL {
        @Override
        void draw(UniformRandomProvider u, ContinuousSampler n, double[] out, int o) {
            double t = 1.5 * Math.PI * (1 + 2 * u.nextDouble());
            out[o] = (t * Math.cos(t) + n.sample()) / 5;
            out[o + 1] = (t * Math.sin(t) + n.sample()) / 5;
        }
    },
    CHECKERBOARD {
        @Override
        void draw(UniformRandomProvider u, ContinuousSampler n, double[] out, int o) {
            double x = 4 * u.nextDouble() - 2;
            double y = u.nextDouble() - 2 * u.nextInt(2) + Math.floorMod((int) Math.floor(x), 2);
            out[o] = 2 * x;
            out[o + 1] = 2 * y;
        }
    },
    PINWHEEL {
        @Override
        void draw(UniformRandomProvider u, ContinuousSampler n, double[] out, int o) {
            double radial = 1 + 0.3 * n.sample();
            double tangential = 0.1 * n.sample();
            double angle = 2 * Math.PI / 5 * u.nextInt(5) + 0.25 * Math.exp(radial);
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            out[o] = 2 * (radial * c + tangential * s); // f R with R = [[cos, -sin], [sin, cos]], as FFJORD's einsum
            out[o + 1] = 2 * (tangential * c - radial * s);
        }
    },
    TWO_SPIRALS {
        @Override
        void draw(UniformRandomProvider u, ContinuousSampler n, double[] out, int o) {
            double s = Math.sqrt(u.nextDouble()) * 540 * 2 * Math.PI / 360;
            double x = -Math.cos(s) * s + 0.5 * u.nextDouble();
            double y = Math.sin(s) * s + 0.5 * u.nextDouble();
            double sign = u.nextBoolean() ? 1 : -1;
            out[o] = sign * x / 3 + 0.1 * n.sample();
            out[o + 1] = sign * y / 3 + 0.1 * n.sample();
        }
    },
    CIRCLES {
        @Override
        void draw(UniformRandomProvider u, ContinuousSampler n, double[] out, int o) {
            double r = u.nextBoolean() ? 1 : 0.5;
            double a = 2 * Math.PI * u.nextDouble();
            out[o] = 3 * (r * Math.cos(a) + 0.08 * n.sample());
            out[o + 1] = 3 * (r * Math.sin(a) + 0.08 * n.sample());
        }
    };

    abstract void draw(UniformRandomProvider u, ContinuousSampler normal, double[] out, int offset);

    @Override
    public int dim() {
        return 2;
    }

    @Override
    public PointSampler sampler(UniformRandomProvider rng) {
        ContinuousSampler normal = ZigguratSampler.NormalizedGaussian.of(rng);
        return (out, offset) -> draw(rng, normal, out, offset);
    }
}
