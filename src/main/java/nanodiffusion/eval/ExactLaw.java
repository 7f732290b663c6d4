package nanodiffusion.eval;

/**
 * A one-dimensional law given by its distribution function F, with bounds outside which its mass is negligible
 * (below 1e-15 on either side): what {@link ExactWasserstein} integrates samples against.
 */
public interface ExactLaw {
    /** F(x) = P(X <= x); 0 below the support, 1 above it. */
    double cdf(double x);

    double lower();

    double upper();

    /** The ring's radius law Gamma(shape = scale, rate = scale): mean 1, standard deviation 1/sqrt(scale). */
    static ExactLaw ringRadius(double scale) {
        return new ExactLaw() {
            @Override
            public double cdf(double x) {
                return x <= 0 ? 0 : org.apache.commons.math3.special.Gamma.regularizedGammaP(scale, scale * x);
            }

            @Override
            public double lower() {
                return 0;
            }

            @Override
            public double upper() {
                return 1 + 60 / Math.sqrt(scale);
            }
        };
    }

    /**
     * The angle atan2(y, x) of u/|u| for u uniform on the square [-1, 1]^2: density 1 / (8 max(|cos t|, |sin t|)^2)
     * on (-pi, pi], a quarter of the mass in each quadrant-wide sector around an axis. F in closed form: on the
     * sectors around the axes (|cos t| >= |sin t|) the density is sec^2 t / 8 with antiderivative tan t / 8, on the
     * others csc^2 t / 8 with antiderivative -cot t / 8.
     */
    static ExactLaw ringAngle() {
        return angle(t -> {
            if (t < -0.75 * Math.PI) {
                return Math.tan(t) / 8;
            }
            if (t < -0.25 * Math.PI) {
                return 1.0 / 8 + (1 - 1 / Math.tan(t)) / 8;
            }
            if (t < 0.25 * Math.PI) {
                return 3.0 / 8 + (Math.tan(t) + 1) / 8;
            }
            if (t < 0.75 * Math.PI) {
                return 5.0 / 8 + (1 - 1 / Math.tan(t)) / 8;
            }
            return 7.0 / 8 + (Math.tan(t) + 1) / 8;
        });
    }

    /** The law of an angle atan2(y, x) on (-pi, pi] given its distribution function F inside (-pi, pi). */
    static ExactLaw angle(java.util.function.DoubleUnaryOperator inside) {
        return new ExactLaw() {
            @Override
            public double cdf(double t) {
                if (t <= -Math.PI) {
                    return 0;
                }
                if (t >= Math.PI) {
                    return 1;
                }
                return inside.applyAsDouble(t);
            }

            @Override
            public double lower() {
                return -Math.PI;
            }

            @Override
            public double upper() {
                return Math.PI;
            }
        };
    }
}
