package nanodiffusion.train;

import nanodiffusion.config.TrainConfig;

import java.util.function.DoubleSupplier;

/**
 * The loop both trainers run: rounds of train.averagingFrequency steps (the last one shorter) up to train.steps,
 * each round's loss checked for divergence, added to the loss history and reported to the round listener, and the
 * stop rule asked after every round but the last.
 */
public final class TrainingRounds {
    /** The loss starts near 1 and settles near 0.18; far above either, training has blown up. */
    public static final double DIVERGED_LOSS = 1e3;

    private TrainingRounds() {
    }

    /** Trains one round of {@code steps} steps from {@code firstStep} and returns its loss. */
    @FunctionalInterface
    public interface Round {
        double train(long firstStep, int steps);
    }

    /** Called after every round with the step reached (checkpoints, progress lines). */
    @FunctionalInterface
    public interface RoundListener {
        void roundDone(long step);
    }

    /** Runs rounds from {@code startStep}; returns the step reached (train.steps unless {@code stop} said so). */
    public static long run(TrainConfig tc, long startStep, Round round, LossHistory history, DoubleSupplier elapsedSeconds,
                           RoundListener listener, StopRule stop) {
        long step = startStep;
        while (step < tc.steps()) {
            int steps = (int) Math.min(tc.averagingFrequency(), tc.steps() - step);
            double loss = round.train(step, steps);
            step += steps;
            if (!Double.isFinite(loss) || loss > DIVERGED_LOSS) {
                throw new TrainingDiverged(step, loss);
            }
            history.add(step, loss, elapsedSeconds.getAsDouble());
            listener.roundDone(step);
            if (step < tc.steps() && stop.stopAt(step, history)) {
                break;
            }
        }
        return step;
    }
}
