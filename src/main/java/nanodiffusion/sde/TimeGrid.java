package nanodiffusion.sde;

import java.io.Serializable;

/**
 * The fixed-step samplers' times from t = T down to 0: t_k = T (k / N)^power for k = N..0. Power 1 is the seed's
 * uniform grid, t_k = k dt exactly; power 2 is quadratic: the same N score evaluations, with steps shrinking towards
 * t = 0, where the score changes fastest and the ring's thickness is decided.
 */
public record TimeGrid(double horizon, int steps, double power) implements Serializable {
    public TimeGrid {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (!(power >= 1) || !Double.isFinite(power)) {
            throw new IllegalArgumentException("power must be a finite number >= 1, got " + power);
        }
    }

    public static TimeGrid uniform(double horizon, int steps) {
        return new TimeGrid(horizon, steps, 1);
    }

    /** t_k, for k = 0..N: t_N = T, t_0 = 0. */
    public double time(int k) {
        if (power == 1) {
            return k * (horizon / steps); // the seed's grid, bit for bit
        }
        return horizon * Math.pow((double) k / steps, power);
    }

    /** The width t_k - t_(k-1) of step k = N..1, the step that ends at t_(k-1). */
    public double width(int k) {
        return power == 1 ? horizon / steps : time(k) - time(k - 1);
    }
}
