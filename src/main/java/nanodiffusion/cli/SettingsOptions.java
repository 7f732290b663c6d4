package nanodiffusion.cli;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The settings options every command that runs the recipe shares: a settings file and overrides. */
final class SettingsOptions {
    /** The project's defaults file, read when it is present (the jar holds the same defaults). */
    static final File DEFAULT_CONF = new File("conf/nanodiffusion.conf");

    @Option(names = "--conf", paramLabel = "FILE",
            description = "Settings file with the keys you change, layered over conf/nanodiffusion.conf (when "
                    + "present) and the built-in defaults (repeatable: each file over the ones before it, e.g. "
                    + "--conf conf/high-fidelity.conf --conf conf/few-step.conf).")
    List<File> conf = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set train.steps=500 (repeatable).")
    List<String> overrides = new ArrayList<>();

    /** The built-in defaults, then conf/nanodiffusion.conf, then each --conf in order, then every --set. */
    RunConfig config() {
        List<File> files = new ArrayList<>();
        if (DEFAULT_CONF.isFile()) {
            files.add(DEFAULT_CONF);
        }
        files.addAll(conf);
        return ConfigLoader.loadFiles(files, overrides);
    }
}
