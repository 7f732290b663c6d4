package nanodiffusion.cli;

import nanodiffusion.config.SettingsText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** config: prints the resolved settings with their comments; starts nothing. */
@Command(name = "config", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
                "  submit/local.sh config                                   # every setting with its default",
                "  submit/local.sh config --conf conf/few-step.conf --set train.steps=2000 > my.conf",
                "  submit/local.sh run --out runs/r1 --conf my.conf           # the same settings, from the file"},
        description = "Print the resolved settings (defaults, conf/nanodiffusion.conf, --conf, --set) with their "
                + "comments, as a settings file; checks them like every command does, and runs nothing.")
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;

    @Override
    public Integer call() {
        System.out.print(SettingsText.render(settings.config()));
        return 0;
    }
}
