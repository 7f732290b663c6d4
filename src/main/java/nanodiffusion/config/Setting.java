package nanodiffusion.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * One setting, declared once in {@link Settings}: its key, its type (the check a given value passes, see
 * {@link SettingType}), its default, where its value sits in a {@link RunConfig}, whether it is part of the
 * training identity (a checkpoint resumes only under equal values) and whether it describes what a saved network
 * means (a model folder records it and is read only under an equal value). Its doc is the comment above it in
 * conf/nanodiffusion.conf; its range checks are its record's.
 *
 * @param key          the key in settings files and {@code --set}, e.g. {@code train.lr}
 * @param type         how its value is read and written
 * @param defaultValue the value conf/nanodiffusion.conf gives it (SettingsTest holds the two equal)
 * @param value        where its value sits in a run's config
 * @param inIdentity   whether a change alters the model being trained or its data
 * @param earlier      for an identity key that checkpoints of earlier versions do not record, the only value those
 *                     versions had
 * @param model        whether it describes what a saved network means beyond its layers (its parametrisation, its
 *                     data, its SDE, its loss), and so is recorded in the model folder
 * @param modelEarlier for such a key, the value model folders of earlier versions that do not record it hold (empty:
 *                     not checked against those folders)
 * @param <T>          the value's type in the config records
 */
public record Setting<T>(String key, SettingType<T> type, T defaultValue, Function<RunConfig, T> value,
                         boolean inIdentity, Optional<T> earlier, boolean model, Optional<T> modelEarlier) {
    /** A setting outside the training identity. */
    public static <T> Setting<T> of(String key, SettingType<T> type, T defaultValue, Function<RunConfig, T> value) {
        return new Setting<>(key, type, defaultValue, value, false, Optional.empty(), false, Optional.empty());
    }

    /** The same setting as part of the training identity, recorded by every checkpoint. */
    public Setting<T> identity() {
        return new Setting<>(key, type, defaultValue, value, true, Optional.empty(), model, modelEarlier);
    }

    /** The same setting as part of the training identity, which checkpoints before it existed held at {@code was}. */
    public Setting<T> identity(T was) {
        return new Setting<>(key, type, defaultValue, value, true, Optional.of(was), model, modelEarlier);
    }

    /** The same setting as one that describes a saved network, not checked against folders that do not record it. */
    public Setting<T> describesModel() {
        return new Setting<>(key, type, defaultValue, value, inIdentity, earlier, true, Optional.empty());
    }

    /** The same setting as one that describes a saved network, which folders not recording it hold at {@code was}. */
    public Setting<T> describesModel(T was) {
        return new Setting<>(key, type, defaultValue, value, inIdentity, earlier, true, Optional.of(was));
    }

    /** Its value in {@code config} as run.json holds it. */
    public Object plainValueIn(RunConfig config) {
        return type.plain(value.apply(config));
    }

    /** {@code value} as run.json holds it. */
    public Object plain(T value) {
        return type.plain(value);
    }

    /** The default as run.json holds it. */
    public Object plainDefault() {
        return type.plain(defaultValue);
    }

    /** {@link #earlier} as run.json holds it. */
    public Optional<Object> plainEarlier() {
        return earlier.map(type::plain);
    }

    /** {@link #modelEarlier} as run.json holds it. */
    public Optional<Object> plainModelEarlier() {
        return modelEarlier.map(type::plain);
    }

    /** {@code key=value}, as {@code --set} takes it. */
    public String override(T value) {
        return key + "=" + type.plain(value);
    }
}
