package nanodiffusion.cli;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.ConfigKey;
import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code config} prints the resolved settings as a settings file that reads back to the same run, and
 * {@code --dry-run} checks settings and --out and prints the plan without starting or writing anything.
 */
class ConfigAndDryRunTest {
    @Test
    void configPrintsEverySettingOnceWithItsCommentAndReadsBackToTheSameSettings() throws Exception {
        HelpOutputTest.Result r = HelpOutputTest.main("config", "--conf", "conf/few-step.conf", "--set",
                "train.steps=2000");
        assertEquals(0, r.status(), r.output());
        assertFalse(r.output().contains(" INFO "), r.output());
        for (ConfigKey key : ConfigLoader.keyTable()) {
            long lines = r.output().lines().filter(l -> l.startsWith(key.key() + " = ")).count();
            assertEquals(1, lines, key.key() + " printed once:\n" + r.output());
        }
        assertTrue(r.output().contains("\ntrain.steps = 2000    # default 20000\n"), r.output());
        assertTrue(r.output().contains("\nsample.steps = 20    # default 200\n"), "the --conf file's value");
        assertTrue(r.output().contains("# Root seed of every random stream"), "the defaults file's comments");
        Path dir = Files.createTempDirectory("nd-config");
        try {
            File printed = dir.resolve("printed.conf").toFile();
            Files.writeString(printed.toPath(), r.output());
            assertEquals(ConfigLoader.loadFiles(List.of(new File("conf/few-step.conf")), List.of("train.steps=2000"))
                    .asFlatMap(), ConfigLoader.load(printed, List.of()).asFlatMap(), "read back with --conf");
        } finally {
            LocalSpark.deleteRecursively(dir);
        }
    }

    @Test
    void repeatedConfFilesLayerInOrderSoATrainingPresetAndASamplingPresetCombine() throws Exception {
        HelpOutputTest.Result both = HelpOutputTest.main("config", "--conf", "conf/high-fidelity.conf", "--conf",
                "conf/few-step.conf");
        assertEquals(0, both.status(), both.output());
        assertTrue(both.output().contains("\nmodel.width = 256    # default 128\n"), "the first file's value");
        assertTrue(both.output().contains("\nsample.steps = 20    # default 200\n"), "the second file's value");

        Path dir = Files.createTempDirectory("nd-confs");
        try {
            String first = dir.resolve("first.conf").toString();
            String second = dir.resolve("second.conf").toString();
            Files.writeString(Path.of(first), "train.steps = 300\ntrain.lr = 2e-3\n");
            Files.writeString(Path.of(second), "train.steps = 400\n");
            HelpOutputTest.Result r = HelpOutputTest.main("config", "--conf", first, "--conf", second);
            assertEquals(0, r.status(), r.output());
            assertTrue(r.output().contains("\ntrain.steps = 400    # default 20000\n"), "the later file wins");
            assertTrue(r.output().contains("\ntrain.lr = 0.002    # default 0.001\n"), "the earlier file's other key");
            HelpOutputTest.Result reversed = HelpOutputTest.main("config", "--conf", second, "--conf", first,
                    "--set", "train.lr=3e-3");
            assertTrue(reversed.output().contains("\ntrain.steps = 300    # default 20000\n"), reversed.output());
            assertTrue(reversed.output().contains("\ntrain.lr = 0.003    # default 0.001\n"), "--set over both");

            HelpOutputTest.Result missing = HelpOutputTest.main("config", "--conf", first, "--conf",
                    dir.resolve("absent.conf").toString());
            assertEquals(Main.BAD_INPUT, missing.status(), missing.output());
            assertTrue(missing.output().contains("--conf " + dir.resolve("absent.conf") + ": no such file"),
                    missing.output());
        } finally {
            LocalSpark.deleteRecursively(dir);
        }
    }

    @Test
    void aDryRunChecksSettingsAndOutPrintsThePlanAndWritesNothing() throws Exception {
        Path dir = Files.createTempDirectory("nd-dry");
        try {
            String out = dir.resolve("run").toString();
            HelpOutputTest.Result plan = HelpOutputTest.main("run", "--out", out, "--dry-run", "--set",
                    "sample.count=50000");
            assertEquals(0, plan.status(), plan.output());
            assertTrue(plan.output().contains("train: 20000 steps of 5000 samples of ring"), plan.output());
            assertTrue(plan.output().contains("sample: 50000 points with sde-dpm-solver++"), plan.output());
            assertTrue(plan.output().contains("settings that differ from the defaults: sample.count = 50000"),
                    plan.output());
            assertFalse(Files.exists(dir.resolve("run")), "nothing created");

            HelpOutputTest.Result bad = HelpOutputTest.main("train", "--out", out, "--dry-run", "--set",
                    "train.steps=0");
            assertEquals(Main.BAD_INPUT, bad.status(), bad.output());
            assertTrue(bad.output().contains("error: train.steps = 0: must be >= 1"), bad.output());

            Files.createDirectories(dir.resolve("run/model"));
            HelpOutputTest.Result taken = HelpOutputTest.main("train", "--out", out, "--dry-run");
            assertEquals(Main.BAD_INPUT, taken.status(), taken.output());
            assertTrue(taken.output().contains("model already exists; pass --overwrite to replace it"),
                    taken.output());

            // an earlier model's evaluation, left without its model: refused as train itself refuses it
            Files.delete(dir.resolve("run/model"));
            Files.writeString(dir.resolve("run/metrics.json"), "{}");
            HelpOutputTest.Result stale = HelpOutputTest.main("train", "--out", out, "--dry-run");
            assertEquals(Main.BAD_INPUT, stale.status(), stale.output());
            assertTrue(stale.output().contains(dir.resolve("run/metrics.json") + " already exists and belongs to an "
                    + "earlier model, which this train replaces; pass --overwrite to remove it"), stale.output());
            HelpOutputTest.Result overwrite = HelpOutputTest.main("train", "--out", out, "--dry-run", "--overwrite");
            assertEquals(0, overwrite.status(), overwrite.output());
            assertTrue(Files.exists(dir.resolve("run/metrics.json")), "a dry run removes nothing");
        } finally {
            LocalSpark.deleteRecursively(dir);
        }
    }
}
