package nanodiffusion.sweep;

import java.util.Map;

/**
 * How a sweep runs its trials ({@code sweep.mode}): each as a full parameter-averaging run across the executors,
 * {@code parallelTrials} at once from driver threads in FAIR pools ({@link Distributed}), or each as one Spark task
 * training a whole model on one executor core, as many at once as there are task slots ({@link TrialParallel}).
 */
public sealed interface SweepScheduling permits SweepScheduling.Distributed, SweepScheduling.TrialParallel {
    /** The mode's name in a spec and in sweep.json. */
    String configName();

    /** Trials that run at once, as sweep.json records it (parallel_trials), with {@code taskSlots} Spark task slots. */
    int parallelTrials(int taskSlots);

    /** Spark settings the sweep's session needs for this mode. */
    Map<String, String> sparkDefaults();

    /** The scheduling of {@code mode} with the spec's {@code parallelTrials} (which only distributed mode reads). */
    static SweepScheduling of(SweepMode mode, int parallelTrials) {
        return switch (mode) {
            case DISTRIBUTED -> new Distributed(parallelTrials);
            case TRIAL_PARALLEL -> new TrialParallel();
        };
    }

    record Distributed(int trialsAtOnce) implements SweepScheduling {
        @Override
        public String configName() {
            return SweepMode.DISTRIBUTED.configName();
        }

        @Override
        public int parallelTrials(int taskSlots) {
            return trialsAtOnce;
        }

        @Override
        public Map<String, String> sparkDefaults() {
            return trialsAtOnce > 1 ? Map.of("spark.scheduler.mode", "FAIR") : Map.of();
        }
    }

    record TrialParallel() implements SweepScheduling {
        @Override
        public String configName() {
            return SweepMode.TRIAL_PARALLEL.configName();
        }

        @Override
        public int parallelTrials(int taskSlots) {
            return taskSlots; // one trial per task, as many at once as there are slots
        }

        @Override
        public Map<String, String> sparkDefaults() {
            return Map.of();
        }
    }
}
