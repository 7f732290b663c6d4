package nanodiffusion.sweep;

import nanodiffusion.config.ConfigError;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.List;

/** How a random-search key is drawn: uniform or log-uniform on [lo, hi], a whole number in [lo, hi], or one of a list. */
public sealed interface Distribution {
    Object draw(UniformRandomProvider rng);

    /** Uniform on [lo, hi]. */
    record Uniform(double lo, double hi) implements Distribution {
        @Override
        public Object draw(UniformRandomProvider rng) {
            return lo + (hi - lo) * rng.nextDouble();
        }
    }

    /** exp of uniform on [log lo, log hi]: learning rates, decays' complements. */
    record LogUniform(double lo, double hi) implements Distribution {
        @Override
        public Object draw(UniformRandomProvider rng) {
            return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.nextDouble());
        }
    }

    /** A whole number in [lo, hi], each equally likely. */
    record IntUniform(long lo, long hi) implements Distribution {
        @Override
        public Object draw(UniformRandomProvider rng) {
            return lo + rng.nextLong(hi - lo + 1);
        }
    }

    /** One of the listed values, each equally likely. */
    record Choice(List<Object> values) implements Distribution {
        @Override
        public Object draw(UniformRandomProvider rng) {
            return values.get(rng.nextInt(values.size()));
        }
    }

    /** The distribution named {@code kind} with arguments {@code args}; {@code key} names it in errors. */
    static Distribution of(String key, String kind, List<Object> args) {
        String where = "sweep.random." + key + "." + kind;
        switch (kind) {
            case "choice" -> {
                ConfigError.require(!args.isEmpty(), where, args, "needs at least one value");
                return new Choice(List.copyOf(args));
            }
            case "uniform", "logUniform", "intUniform" -> {
                if (args.size() != 2 || !(args.get(0) instanceof Number) || !(args.get(1) instanceof Number)) {
                    throw ConfigError.of(where, args, "must be [lo, hi], two numbers");
                }
                double lo = ((Number) args.get(0)).doubleValue();
                double hi = ((Number) args.get(1)).doubleValue();
                ConfigError.require(lo <= hi, where, args, "lo must not exceed hi");
                if (kind.equals("uniform")) {
                    return new Uniform(lo, hi);
                }
                if (kind.equals("logUniform")) {
                    ConfigError.require(lo > 0, where, args, "log-uniform bounds must be positive");
                    return new LogUniform(lo, hi);
                }
                ConfigError.require(lo == Math.rint(lo) && hi == Math.rint(hi), where, args, "bounds must be whole numbers");
                return new IntUniform((long) lo, (long) hi);
            }
            default -> throw ConfigError.of("sweep.random." + key, kind,
                    "unknown distribution (use uniform, logUniform, intUniform or choice)");
        }
    }
}
