package nanodiffusion.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial of a sweep: its id, the values of the keys the sweep varies (what the leaderboard shows), and the
 * settings it applies over the sweep's shared settings (the varied keys plus derived ones such as a scaled lr).
 */
public record Trial(String id, Map<String, Object> varied, Map<String, String> settings) {
    public Trial {
        varied = Collections.unmodifiableMap(new LinkedHashMap<>(varied));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The settings as {@code key=value} overrides. */
    public List<String> overrides() {
        List<String> o = new ArrayList<>();
        settings.forEach((k, v) -> o.add(k + "=" + v));
        return o;
    }

    static String idOf(int index) {
        return String.format("t%03d", index);
    }
}
