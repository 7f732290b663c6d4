package nanodiffusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.io.OneLine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one trial ended: ok with its final loss, sample metrics and timings; stopped early by successive halving
 * (with the rung decision); or failed with the reason. Missing metrics are NaN. Written
 * as the trial's trial.json, whose presence marks the trial finished.
 */
public record TrialResult(String id, Status status, String error, String earlyStop, Map<String, Object> varied,
                          long steps,
                          double finalLoss, double slicedW1, double radialW1, double angularW1, double trainSeconds,
                          double wallSeconds, double samplesPerSecond, Map<String, Double> quality) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How a trial ended; the leaderboard lists them in this order. */
    public enum Status {
        OK, STOPPED, FAILED;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public TrialResult {
        varied = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(varied));
        quality = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(quality));
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

    /** JSON form; NaN becomes null. */
    public Map<String, Object> asJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial_id", id);
        m.put("status", status.jsonName());
        m.put("error", error);
        m.put("early_stop", earlyStop);
        m.put("varied", varied);
        m.put("steps", steps);
        m.put("final_loss", orNull(finalLoss));
        m.put("sliced_w1", orNull(slicedW1));
        m.put("radial_w1", orNull(radialW1));
        m.put("angular_w1", orNull(angularW1));
        m.put("train_seconds", orNull(trainSeconds));
        m.put("wall_seconds", orNull(wallSeconds));
        m.put("samples_per_second", orNull(samplesPerSecond));
        Map<String, Object> q = new LinkedHashMap<>();
        quality.forEach((k, v) -> q.put(k, orNull(v)));
        m.put("quality", q);
        return m;
    }

    public static TrialResult fromJson(JsonNode n) {
        @SuppressWarnings("unchecked")
        Map<String, Object> varied = MAPPER.convertValue(n.get("varied"), LinkedHashMap.class);
        return new TrialResult(n.get("trial_id").asText(), Status.parse(n.get("status").asText()),
                text(n, "error"), text(n, "early_stop"), varied, n.get("steps").asLong(),
                number(n, "final_loss"), number(n, "sliced_w1"), number(n, "radial_w1"), number(n, "angular_w1"),
                number(n, "train_seconds"), number(n, "wall_seconds"), number(n, "samples_per_second"),
                quality(n.get("quality")));
    }

    private static Map<String, Double> quality(JsonNode q) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (q != null && q.isObject()) {
            q.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble()));
        }
        return m;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Object orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
