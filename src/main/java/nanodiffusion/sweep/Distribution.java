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

    /** The kinds a spec names, as it spells them. */
    enum Kind {
        UNIFORM("uniform"), LOG_UNIFORM("logUniform"), INT_UNIFORM("intUniform"), CHOICE("choice");

        private final String specName;

        Kind(String specName) {
            this.specName = specName;
        }

        /** The kind spelled {@code name} in a spec (case as written); {@code key} names it in the error. */
        static Kind named(String key, String name) {
            List<String> names = java.util.Arrays.stream(values()).map(k -> k.specName).toList();
            int i = names.indexOf(name);
            if (i < 0) {
                throw ConfigError.of("sweep.random." + key, name, "unknown distribution (use "
                        + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)
                        + ")");
            }
            return values()[i];
        }
    }

    /** The distribution named {@code kind} with arguments {@code args}; {@code key} names it in errors. */
    static Distribution of(String key, String kind, List<Object> args) {
        String where = "sweep.random." + key + "." + kind;
        return switch (Kind.named(key, kind)) {
            case CHOICE -> {
                ConfigError.require(!args.isEmpty(), where, args, "needs at least one value");
                yield new Choice(List.copyOf(args));
            }
            case UNIFORM -> {
                double[] b = bounds(where, args);
                yield new Uniform(b[0], b[1]);
            }
            case LOG_UNIFORM -> {
                double[] b = bounds(where, args);
                ConfigError.require(b[0] > 0, where, args, "log-uniform bounds must be positive");
                yield new LogUniform(b[0], b[1]);
            }
            case INT_UNIFORM -> {
                double[] b = bounds(where, args);
                ConfigError.require(b[0] == Math.rint(b[0]) && b[1] == Math.rint(b[1]), where, args,
                        "bounds must be whole numbers");
                yield new IntUniform((long) b[0], (long) b[1]);
            }
        };
    }

    /** [lo, hi] of a uniform kind: two numbers, lo not above hi. */
    private static double[] bounds(String where, List<Object> args) {
        if (args.size() != 2 || !(args.get(0) instanceof Number) || !(args.get(1) instanceof Number)) {
            throw ConfigError.of(where, args, "must be [lo, hi], two numbers");
        }
        double lo = ((Number) args.get(0)).doubleValue();
        double hi = ((Number) args.get(1)).doubleValue();
        ConfigError.require(lo <= hi, where, args, "lo must not exceed hi");
        return new double[] {lo, hi};
    }
}
