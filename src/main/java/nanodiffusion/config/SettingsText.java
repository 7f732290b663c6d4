package nanodiffusion.config;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run's resolved settings as a settings file: every key with its value, under the comment the defaults file gives
 * it, with the default named where the value differs. The text reads back with {@code --conf} to the same settings.
 */
public final class SettingsText {
    private static final int WIDTH = 110;

    private SettingsText() {
    }

    public static String render(RunConfig config) {
        Map<String, Object> values = config.asFlatMap();
        StringBuilder sb = new StringBuilder();
        sb.append("# The resolved settings: the built-in defaults, conf/nanodiffusion.conf, --conf, then --set (later "
                + "wins).\n# Values that differ from the defaults say so; the text reads back with --conf.\n");
        java.util.Set<String> printed = new java.util.HashSet<>(); // a section's comment stands above its first key
        for (ConfigKey key : ConfigLoader.keyTable()) {
            if (!values.containsKey(key.key())) {
                continue;
            }
            if (!key.doc().equals(key.key()) && printed.add(key.doc())) {
                sb.append('\n');
                for (String line : wrap(key.doc(), WIDTH - 2)) {
                    sb.append("# ").append(line).append('\n');
                }
            }
            Object value = values.get(key.key());
            sb.append(key.key()).append(" = ").append(hocon(value));
            if (!Objects.equals(hocon(value), hocon(key.defaultValue()))) {
                sb.append("    # default ").append(hocon(key.defaultValue()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A value as HOCON writes it: numbers and booleans bare, words quoted, lists in brackets. */
    public static String hocon(Object value) {
        Object plain = value instanceof Enum<?> e ? e.toString() : value;
        if (plain instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            plain = d.longValue(); // 20.0 and 20 are the same setting
        }
        return ConfigValueFactory.fromAnyRef(plain).render(ConfigRenderOptions.concise());
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
