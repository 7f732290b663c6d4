package nanodiffusion.train;

import nanodiffusion.config.TrainConfig;

import java.util.Optional;

/** Turns per-round losses into one progress line each time a multiple of train.logEvery steps is passed. */
final class ProgressMeter {
    private final TrainConfig config;
    private final long start = System.nanoTime();
    private long lastStep;
    private long lastNanos = start;
    private double lossSum;
    private int lossCount;
    private long nextReport;

    ProgressMeter(TrainConfig config, long startStep) {
        this.config = config;
        this.lastStep = startStep;
        this.nextReport = (startStep / config.logEvery() + 1) * config.logEvery();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    Optional<String> record(long step, double loss) {
        lossSum += loss;
        lossCount++;
        if (step < nextReport && step < config.steps()) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        double samplesPerSecond = (step - lastStep) * (double) config.batchSize() / seconds;
        double eta = (config.steps() - step) * seconds / (step - lastStep);
        String line = ProgressLine.format(step, config.steps(), lossSum / lossCount, samplesPerSecond, eta,
                HeapAfterGc.megabytes());
        lastStep = step;
        lastNanos = now;
        lossSum = 0;
        lossCount = 0;
        while (nextReport <= step) {
            nextReport += config.logEvery();
        }
        return Optional.of(line);
    }
}
