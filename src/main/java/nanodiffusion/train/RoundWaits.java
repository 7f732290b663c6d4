package nanodiffusion.train;

import java.util.List;

/**
 * Where the training workers' time went, summed over workers: rounds, seconds training (steps and data) and seconds
 * waiting for the round's average - the cost of a round as the workers see it, imbalance between them included.
 */
public record RoundWaits(int workers, long rounds, double trainSeconds, double waitSeconds) {
    static RoundWaits of(List<HubWorker.Report> reports) {
        long rounds = 0;
        double train = 0;
        double wait = 0;
        for (HubWorker.Report r : reports) {
            rounds += r.rounds();
            train += r.trainSeconds();
            wait += r.waitSeconds();
        }
        return new RoundWaits(reports.size(), rounds, train, wait);
    }

    /** Mean milliseconds a worker waits per round. */
    public double waitMillisPerRound() {
        return rounds == 0 ? 0 : 1e3 * waitSeconds / rounds;
    }

    /** The share of the workers' time spent waiting. */
    public double waitShare() {
        double total = trainSeconds + waitSeconds;
        return total > 0 ? waitSeconds / total : 0;
    }
}
