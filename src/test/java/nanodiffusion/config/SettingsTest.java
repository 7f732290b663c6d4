package nanodiffusion.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settings table ({@link Settings}), the defaults file conf/nanodiffusion.conf (which the jar carries as the
 * loader's bottom layer) and the README's settings table are written by hand in three places; these tests hold them
 * to each other, so a setting added to one and forgotten in another fails here rather than in a user's run.
 */
class SettingsTest {
    private static final File DEFAULTS_FILE = new File("conf/nanodiffusion.conf");

    private static Map<String, Setting<?>> table() {
        Map<String, Setting<?>> table = new LinkedHashMap<>();
        Settings.ALL.forEach(s -> table.put(s.key(), s));
        return table;
    }

    @Test
    void everyKeyIsDeclaredOnce() {
        assertEquals(Settings.ALL.size(), table().size());
    }

    @Test
    void everySettingHasALineInTheDefaultsFileWithItsDefault() {
        Config defaults = ConfigFactory.parseFile(DEFAULTS_FILE);
        for (Setting<?> s : Settings.ALL) {
            assertTrue(defaults.hasPath(s.key()), s.key() + " has no line in " + DEFAULTS_FILE);
            assertEquals(s.defaultValue(), s.type().read(s.key(), defaults.getValue(s.key())),
                    s.key() + ": the table's default and " + DEFAULTS_FILE + "'s");
        }
    }

    @Test
    void everyKeyOfTheDefaultsFileIsInTheTable() {
        Set<String> inFile = new TreeSet<>(ConfigFactory.parseFile(DEFAULTS_FILE).entrySet().stream()
                .map(Map.Entry::getKey).toList());
        inFile.removeAll(table().keySet());
        assertEquals(Set.of(), inFile, "keys of " + DEFAULTS_FILE + " the table does not declare");
    }

    @Test
    void theJarCarriesTheDefaultsFileAsItIs() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
            assertNotNull(in, ConfigLoader.DEFAULTS_RESOURCE);
            assertArrayEquals(Files.readAllBytes(DEFAULTS_FILE.toPath()), in.readAllBytes());
        }
    }

    @Test
    void theLoaderReadsEverySettingOfTheTableAndNoOther() {
        assertEquals(ConfigLoader.knownKeys(), new TreeSet<>(table().keySet()).stream().toList());
    }

    /**
     * Rows of the settings tables (README.md's "Commands and settings" section, and every table of
     * docs/settings.md whose first cell names settings): the keys of the first cell and the defaults of the second.
     */
    private static Map<List<String>, List<String>> readmeRows() throws IOException {
        Map<List<String>, List<String>> rows = new LinkedHashMap<>();
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int start = readme.indexOf("## Commands and settings");
        assertTrue(start >= 0, "README.md has a Commands and settings section");
        List<String> section = new ArrayList<>();
        for (String line : readme.subList(start + 1, readme.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            section.add(line);
        }
        int fromReadme = addRows(section, rows);
        assertTrue(fromReadme > 0, "README.md's settings table has rows");
        int fromDocs = addRows(Files.readAllLines(Path.of("docs/settings.md")), rows);
        assertTrue(fromDocs >= 30, "docs/settings.md's tables have the settings: " + fromDocs);
        return rows;
    }

    private static int addRows(List<String> lines, Map<List<String>, List<String>> rows) {
        Pattern code = Pattern.compile("`([^`]+)`");
        int added = 0;
        for (String line : lines) {
            if (line.startsWith("| `")) {
                String[] cells = line.split(" \\| ");
                List<String> keys = new ArrayList<>();
                Matcher m = code.matcher(cells[0]);
                while (m.find()) {
                    keys.add(m.group(1));
                }
                if (keys.stream().allMatch(k -> k.contains(".") || k.equals("seed"))) {
                    rows.put(keys, Arrays.asList(cells[1].split(", ")));
                    added++;
                }
            }
        }
        return added;
    }

    @Test
    void everyKeyTheReadmeNamesIsASettingWithTheDefaultItGives() throws IOException {
        Map<String, Setting<?>> table = table();
        readmeRows().forEach((keys, defaults) -> {
            assertEquals(keys.size(), defaults.size(), "README row " + keys + ": one default per key");
            for (int i = 0; i < keys.size(); i++) {
                Setting<?> s = table.get(keys.get(i));
                assertNotNull(s, "README.md names " + keys.get(i) + ", which is no setting");
                Object readme = s.type().read(s.key(), ConfigValueFactory.fromAnyRef(
                        defaults.get(i).trim().equals("\"\"") ? "" : defaults.get(i).trim()));
                assertEquals(s.defaultValue(), readme, s.key() + ": the table's default and the README's");
            }
        });
    }

    @Test
    void theTrainingIdentityIsTheSeedTheDataTheSdeTheNetworkTheBatchAndTheAverage() {
        assertEquals(List.of("seed", "data.source", "data.dim", "data.scale", "data.path", "data.columns",
                "data.holdout", "data.standardize", "data.dropInvalid", "sde.kind", "sde.betaMin", "sde.betaMax",
                "sde.T", "sde.sigmaMin", "sde.sigmaMax", "model.width", "model.depth", "model.activation",
                "model.output", "model.timeInput", "model.inputScale", "train.batchSize", "train.loss", "train.slicedProjections",
                "train.emaDecay"), Settings.trainingIdentity());
        // what checkpoints of versions before the table's keys existed were trained with (compared as text)
        assertEquals(Map.ofEntries(Map.entry("data.source", "ring"), Map.entry("data.dim", 2),
                Map.entry("data.path", ""), Map.entry("data.columns", ""), Map.entry("data.holdout", 0.1),
                Map.entry("data.standardize", true), Map.entry("data.dropInvalid", false), Map.entry("sde.kind", "vp"),
                Map.entry("sde.sigmaMin", 0.01), Map.entry("sde.sigmaMax", 50.0), Map.entry("train.loss", "dsm"),
                Map.entry("train.slicedProjections", 1)), Settings.identityUnrecordedEarlier());
    }

    @Test
    void aModelFolderRecordsItsParametrisationDataSdeAndLossAndEachIsPartOfTheTrainingIdentity() {
        List<String> recorded = Settings.describingModel().stream().map(Setting::key).toList();
        assertEquals(List.of("data.source", "data.dim", "data.columns", "sde.kind", "sde.betaMin", "sde.betaMax",
                "sde.T", "sde.sigmaMin", "sde.sigmaMax", "model.output", "model.timeInput", "model.inputScale",
                "train.loss"), recorded);
        assertTrue(Settings.trainingIdentity().containsAll(recorded), "a checkpoint resumes only the same model");
        // what model folders of versions before parametrisation.json (or some of its keys) existed hold; their SDE's
        // parameters were not recorded, so they are not checked
        Map<String, Object> earlier = new java.util.LinkedHashMap<>();
        Settings.describingModel().forEach(s -> s.plainModelEarlier().ifPresent(was -> earlier.put(s.key(), was)));
        assertEquals(Map.of("data.source", "ring", "data.dim", 2, "data.columns", "", "sde.kind", "vp",
                "model.output", "score", "model.timeInput", "t", "model.inputScale", "none", "train.loss", "dsm"),
                earlier);
    }
}
