package nanodiffusion.sweep;

import com.typesafe.config.Config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sweep: the settings every trial shares ({@code settings}, any key of the run configuration), the keys it varies
 * (a grid, random draws, the learning-rate scaling power), the per-trial budget, how trials run and what ranks them.
 * {@code targets} are optional quality bars (metric at most value); the sweep reports the fastest trial meeting all.
 * {@code earlyStopping}, when given, stops poor trials at rungs (successive halving).
 */
public record SweepSpec(SweepScheduling scheduling, SweepMetric metric, Budget budget,
                        Map<String, List<Object>> grid, int randomDraws, long randomSeed,
                        Map<String, Distribution> random, Optional<LrScaling> lrScaling,
                        Map<SweepMetric, Double> targets, Optional<EarlyStopping> earlyStopping, Config settings,
                        int maxTrials) {
    public SweepSpec {
        grid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        random = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(random));
        targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    /** Does {@code result} meet every target? */
    public boolean meetsTargets(TrialResult result) {
        return result.ok() && !targets.isEmpty()
                && targets.entrySet().stream().allMatch(t -> t.getKey().of(result) <= t.getValue());
    }
}
