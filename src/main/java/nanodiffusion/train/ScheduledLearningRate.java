package nanodiffusion.train;

import nanodiffusion.config.LrScheduleConfig;
import nanodiffusion.config.LrScheduleKind;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's view of {@link LearningRate}, indexed by the network's iteration count. Parameter averaging broadcasts
 * the iteration count with the configuration, so every worker evaluates the same schedule at the same global step.
 */
public final class ScheduledLearningRate implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private final double base;
    @JsonProperty
    private final String kind;
    @JsonProperty
    private final double min;
    @JsonProperty
    private final int warmupSteps;
    @JsonProperty
    private final int stepEvery;
    @JsonProperty
    private final double stepFactor;
    @JsonProperty
    private final int totalSteps;

    public ScheduledLearningRate(@JsonProperty("base") double base, @JsonProperty("kind") String kind,
                                 @JsonProperty("min") double min, @JsonProperty("warmupSteps") int warmupSteps,
                                 @JsonProperty("stepEvery") int stepEvery, @JsonProperty("stepFactor") double stepFactor,
                                 @JsonProperty("totalSteps") int totalSteps) {
        this.base = base;
        this.kind = kind;
        this.min = min;
        this.warmupSteps = warmupSteps;
        this.stepEvery = stepEvery;
        this.stepFactor = stepFactor;
        this.totalSteps = totalSteps;
    }

    public static ScheduledLearningRate of(LearningRate lr) {
        LrScheduleConfig s = lr.schedule();
        return new ScheduledLearningRate(lr.base(), s.kind().name(), s.min(), s.warmupSteps(), s.stepEvery(),
                s.stepFactor(), lr.totalSteps());
    }

    private LearningRate learningRate() {
        return new LearningRate(base, new LrScheduleConfig(LrScheduleKind.valueOf(kind), min, warmupSteps, stepEvery,
                stepFactor), totalSteps);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return learningRate().at(iteration);
    }

    @Override
    public ISchedule clone() {
        return new ScheduledLearningRate(base, kind, min, warmupSteps, stepEvery, stepFactor, totalSteps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduledLearningRate s && s.learningRate().equals(learningRate());
    }

    @Override
    public int hashCode() {
        return learningRate().hashCode();
    }

    @Override
    public String toString() {
        return "ScheduledLearningRate(" + learningRate() + ")";
    }
}
