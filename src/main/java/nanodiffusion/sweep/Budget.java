package nanodiffusion.sweep;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/** What each trial may spend on training: a number of steps, of samples seen, or of wall-clock seconds. */
public sealed interface Budget {
    /** train.steps for a trial with this global batch size; empty keeps the trial's own train.steps. */
    OptionalLong steps(int batchSize);

    /** Training stops at the first averaging round that ends past this many seconds; empty: no time limit. */
    default OptionalDouble seconds() {
        return OptionalDouble.empty();
    }

    /** As the spec writes it, e.g. "samples = 50000000". */
    String describe();

    /** Exactly this many steps for every trial. */
    record Steps(long steps) implements Budget {
        @Override
        public String describe() {
            return "steps = " + steps;
        }

        @Override
        public OptionalLong steps(int batchSize) {
            return OptionalLong.of(steps);
        }
    }

    /** The same number of samples for every trial: steps = round(samples / batchSize), at least 1. */
    record Samples(long samples) implements Budget {
        @Override
        public String describe() {
            return "samples = " + samples;
        }

        @Override
        public OptionalLong steps(int batchSize) {
            return OptionalLong.of(Math.max(1, Math.round((double) samples / batchSize)));
        }
    }

    /** Wall-clock seconds of training; train.steps stays the upper limit (and the horizon of lr schedules). */
    record Seconds(double limit) implements Budget {
        @Override
        public String describe() {
            return "seconds = " + limit;
        }

        @Override
        public OptionalLong steps(int batchSize) {
            return OptionalLong.empty();
        }

        @Override
        public OptionalDouble seconds() {
            return OptionalDouble.of(limit);
        }
    }

    /** No sweep-wide budget: each trial trains its train.steps. */
    record Unlimited() implements Budget {
        @Override
        public String describe() {
            return "each trial's train.steps";
        }

        @Override
        public OptionalLong steps(int batchSize) {
            return OptionalLong.empty();
        }
    }
}
