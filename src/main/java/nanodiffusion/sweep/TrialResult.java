package nanodiffusion.sweep;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import nanodiffusion.io.OneLine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one trial ended: ok with its final loss, sample metrics and timings; stopped early by successive halving
 * (with the rung decision); or failed with the reason. Missing metrics are NaN. Written
 * as the trial's trial.json, whose presence marks the trial finished: its components under the JSON names below,
 * NaN as null (and null or absent read back as NaN).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrialResult(@JsonProperty("trial_id") String id, @JsonProperty("status") Status status,
                          @JsonProperty("error") String error, @JsonProperty("early_stop") String earlyStop,
                          @JsonProperty("varied") Map<String, Object> varied, @JsonProperty("steps") long steps,
                          @JsonProperty("final_loss") double finalLoss, @JsonProperty("sliced_w1") double slicedW1,
                          @JsonProperty("radial_w1") double radialW1, @JsonProperty("angular_w1") double angularW1,
                          @JsonProperty("train_seconds") double trainSeconds,
                          @JsonProperty("wall_seconds") double wallSeconds,
                          @JsonProperty("samples_per_second") double samplesPerSecond,
                          @JsonProperty("quality") Map<String, Double> quality) {

    /** How a trial ended; the leaderboard lists them in this order. */
    public enum Status {
        OK, STOPPED, FAILED;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        public static Status parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public TrialResult {
        varied = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(varied));
        quality = java.util.Collections.unmodifiableMap(quality == null ? Map.of() : new LinkedHashMap<>(quality));
    }

    /** A result without the perfect-sampler comparison (stopped and failed trials, older trial.json files). */
    public TrialResult(String id, Status status, String error, String earlyStop, Map<String, Object> varied, long steps,
                       double finalLoss, double slicedW1, double radialW1, double angularW1, double trainSeconds,
                       double wallSeconds, double samplesPerSecond) {
        this(id, status, error, earlyStop, varied, steps, finalLoss, slicedW1, radialW1, angularW1, trainSeconds,
                wallSeconds, samplesPerSecond, Map.of());
    }

    /** The numeric entries of evaluate's floors and ratios (metrics.json keys), as a trial records them. */
    public static Map<String, Double> qualityOf(Map<String, Object> floors) {
        Map<String, Double> q = new LinkedHashMap<>();
        floors.forEach((k, v) -> {
            if (v instanceof Double d) {
                q.put(k, d);
            }
        });
        return q;
    }

    /** One of the perfect-sampler keys (e.g. sliced_w1_ratio), NaN when the trial has none. */
    public double quality(String key) {
        return quality.getOrDefault(key, Double.NaN);
    }

    public static TrialResult failed(Trial trial, String error, double wallSeconds) {
        return new TrialResult(trial.id(), Status.FAILED, error, null, trial.varied(), 0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, wallSeconds, Double.NaN);
    }

    /** Stopped at a rung: no samples; its final loss as for finished trials, up to the step it stopped at. */
    public static TrialResult stopped(Trial trial, String decision, long step, double loss, double trainSeconds,
                                      double wallSeconds, double samplesPerSecond) {
        return new TrialResult(trial.id(), Status.STOPPED, null, decision, trial.varied(), step, loss, Double.NaN,
                Double.NaN, Double.NaN, trainSeconds, wallSeconds, samplesPerSecond);
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** A failure as one line for the leaderboard: the message's first line, or the exception's type without one. */
    public static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : OneLine.of(m);
    }

    /** JSON form (trial.json); NaN becomes null. */
    public Map<String, Object> asJsonMap() {
        return SweepJson.convert(this, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    /** A trial.json read back, also one written before the perfect-sampler comparison (no quality). */
    public static TrialResult fromJson(JsonNode n) {
        return SweepJson.read(n, TrialResult.class, "a trial result");
    }
}
