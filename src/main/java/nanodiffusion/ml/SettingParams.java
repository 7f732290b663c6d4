package nanodiffusion.ml;

import nanodiffusion.config.ConfigError;
import nanodiffusion.config.ConfigKey;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.DataSourceKind;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.Setting;
import nanodiffusion.config.Settings;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The settings as Spark ML Params, generated from the settings table ({@link Settings}, rows of
 * {@link ConfigLoader#keyTable}): one Param per key, named as the key (train.lr, sample.method, ...), typed as the
 * loader reads it, with the table's default (the defaults file's value) as its default and the defaults file's
 * comment as its doc. A choice is checked by Spark's {@link ParamValidators#inArray},
 * any other value by the config loader's own check of that key, so a Param refuses exactly what --set refuses.
 * Keys that a DataFrame decides (where the table is and which columns it has) are not Params.
 */
final class SettingParams {
    /** Decided by the DataFrame and the column Params, not settable. */
    static final Set<String> FROM_THE_DATAFRAME = Stream.of(Settings.DATA_SOURCE, Settings.DATA_DIM,
            Settings.DATA_SCALE, Settings.DATA_PATH, Settings.DATA_FORMAT, Settings.DATA_COLUMNS).map(Setting::key)
            .collect(Collectors.toUnmodifiableSet());

    /** Read once per JVM: every stage (and each copy tuning makes) builds its Params from it. */
    private static final List<ConfigKey> KEYS = ConfigLoader.keyTable();

    private final Map<String, Param<?>> byKey = new LinkedHashMap<>();

    /** Creates the Params for {@code owner} and sets their defaults on it. */
    SettingParams(Params owner) {
        for (ConfigKey k : KEYS) {
            if (FROM_THE_DATAFRAME.contains(k.key())) {
                continue;
            }
            String doc = k.doc() + " (default " + k.defaultValue() + ")";
            Param<?> p = switch (k.kind()) {
                case INT -> new IntParam(owner.uid(), k.key(), doc, new ValidSetting<>(k.key()));
                case LONG -> new LongParam(owner.uid(), k.key(), doc, new ValidSetting<>(k.key()));
                case DOUBLE -> new DoubleParam(owner.uid(), k.key(), doc, new ValidSetting<>(k.key()));
                case BOOLEAN -> new BooleanParam(owner.uid(), k.key(), doc);
                case STRING -> new Param<String>(owner.uid(), k.key(), doc, k.choices().isEmpty()
                        ? new ValidSetting<String>(k.key()) : ParamValidators.<String>inArray(k.choices().toArray(String[]::new)));
            };
            byKey.put(k.key(), p);
            setDefault(owner, p, k.defaultValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void setDefault(Params owner, Param<T> p, Object value) {
        owner.setDefault(p, (T) value);
    }

    List<Param<?>> all() {
        return new ArrayList<>(byKey.values());
    }

    /** The Param of a key, or an error naming the key and listing the settings. */
    Param<?> param(String key) {
        Param<?> p = byKey.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no setting " + key + " (the settings: " + String.join(", ", byKey.keySet())
                    + ")");
        }
        return p;
    }

    /** {@code key=value} for every setting set on {@code owner} (the others keep the defaults file's value). */
    List<String> overrides(Params owner) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Param<?>> e : byKey.entrySet()) {
            if (owner.isSet(e.getValue())) {
                out.add(e.getKey() + "=" + owner.getOrDefault(e.getValue()));
            }
        }
        return out;
    }

    /** What data.path says where a table came as a DataFrame (messages and run.json name it so). */
    static final String DATAFRAME = "the DataFrame";

    /**
     * The run config of {@code owner}'s settings for a table of the {@code learned} columns, with {@code extra}
     * {@code key=value} settings last; an invalid combination is the config's own error naming the key.
     */
    RunConfig config(Params owner, List<String> learned, List<String> extra) {
        List<String> all = new ArrayList<>(overrides(owner));
        all.add(Settings.DATA_SOURCE.override(DataSourceKind.TABLE));
        all.add(Settings.DATA_PATH.override(DATAFRAME));
        all.add(Settings.DATA_COLUMNS.override(learned));
        all.add(Settings.DATA_DIM.override(learned.size()));
        all.addAll(extra);
        return ConfigLoader.loadLayered(com.typesafe.config.ConfigFactory.empty(), all);
    }

    /** Sets {@code key} on {@code owner}, converting numbers and words to the Param's type. */
    @SuppressWarnings("unchecked")
    void set(Params owner, String key, Object value) {
        Param<?> p = param(key);
        Object typed;
        try {
            String text = String.valueOf(value).trim();
            if (p instanceof IntParam) {
                typed = value instanceof Number n ? n.intValue() : Integer.parseInt(text);
            } else if (p instanceof LongParam) {
                typed = value instanceof Number n ? n.longValue() : Long.parseLong(text);
            } else if (p instanceof DoubleParam) {
                typed = value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
            } else if (p instanceof BooleanParam) {
                typed = value instanceof Boolean v ? v : Boolean.parseBoolean(text);
            } else {
                typed = String.valueOf(value);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(owner.uid() + " parameter " + key + " given invalid value " + value
                    + " (not a number)");
        }
        owner.set((Param<Object>) p, typed);
    }

    /** Whether the config loader accepts {@code value} for {@code key} over the defaults (other keys' checks aside). */
    static final class ValidSetting<T> extends AbstractFunction1<T, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String key;

        ValidSetting(String key) {
            this.key = key;
        }

        @Override
        public Object apply(T value) {
            try {
                ConfigLoader.loadLayered(com.typesafe.config.ConfigFactory.empty(), List.of(key + "=" + value));
                return true;
            } catch (ConfigError e) {
                return !String.valueOf(e.getMessage()).startsWith(key + " = "); // another key's check: not this one's
            }
        }
    }
}
