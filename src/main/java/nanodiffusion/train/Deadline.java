package nanodiffusion.train;

import java.util.OptionalDouble;

/** A wall-clock limit on training: stops at the end of the first round that ends past it. */
public record Deadline(long nanoTime) implements StopRule {
    public static Deadline none() {
        return new Deadline(Long.MAX_VALUE);
    }

    /** {@code seconds} from now, or none when empty. */
    public static Deadline after(OptionalDouble seconds) {
        return seconds.isPresent() ? new Deadline(System.nanoTime() + (long) (seconds.getAsDouble() * 1e9)) : none();
    }

    public boolean passed() {
        return nanoTime != Long.MAX_VALUE && System.nanoTime() - nanoTime >= 0;
    }

    @Override
    public boolean stopAt(long step, LossHistory history) {
        return passed();
    }
}
