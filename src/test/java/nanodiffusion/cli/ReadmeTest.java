package nanodiffusion.cli;

import nanodiffusion.config.ConfigKey;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's facts that drift, held to the program: every command line it shows names a command, options,
 * settings keys and files that exist, every key of its settings tables (and docs/settings.md's) is a setting, and
 * every row of its "Bad input" table is what the program prints for that input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private final Path dir = LocalSpark.tempFolder("nd-readme");

    @AfterAll
    void cleanUp() {
        LocalSpark.deleteRecursively(dir);
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(PROJECT.resolve(file));
    }

    /** The lines of a "## " section, up to the next one. */
    private static List<String> section(List<String> lines, String heading) {
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "has the section " + heading);
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            out.add(line);
        }
        return out;
    }

    /** Every line of a fenced code block that starts one of the submit scripts, without its trailing comment. */
    static List<String> commandLines(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inside = !inside;
                continue;
            }
            String command = line.replaceAll("\\s+#.*$", "").strip();
            Matcher m = Pattern.compile("(?:^|\\s)(submit/\\w+\\.sh\\s.*)$").matcher(command);
            if (inside && m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static Set<String> knownKeys() {
        return ConfigLoader.keyTable().stream().map(ConfigKey::key).collect(Collectors.toSet());
    }

    @Test
    void everyCommandLineTheReadmeShowsNamesACommandOptionsKeysAndFilesThatExist() throws IOException {
        CommandLine cli = new CommandLine(new Main());
        Set<String> keys = knownKeys();
        List<String> commands = commandLines(lines("README.md"));
        assertTrue(commands.size() >= 10, "README.md shows the commands: " + commands);
        for (String line : commands) {
            List<String> words = Arrays.asList(line.split("\\s+"));
            // the cluster scripts take their master URL first
            int at = words.get(0).equals("submit/local.sh") || words.get(0).equals("submit/yarn.sh") ? 1 : 2;
            String name = words.get(at);
            if (name.startsWith("<")) { // submit/local.sh <command> --help
                continue;
            }
            CommandLine command = cli.getSubcommands().get(name);
            assertNotNull(command, line + ": " + name + " is a command");
            for (int i = at + 1; i < words.size(); i++) {
                String w = words.get(i).replaceAll("[\\[\\]]", "");
                if (w.startsWith("--")) {
                    String option = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
                    assertNotNull(command.getCommandSpec().findOption(option), line + ": " + option + " is an option"
                            + " of " + name);
                }
                if (w.equals("--set") && i + 1 < words.size() && words.get(i + 1).contains("=")) {
                    String key = words.get(i + 1).replaceAll("[\\[\\]]", "");
                    key = key.substring(0, key.indexOf('='));
                    assertTrue(key.equals("key") || keys.contains(key), line + ": " + key + " is a setting");
                }
                if ((w.equals("--conf") || w.equals("--spec")) && i + 1 < words.size()
                        && words.get(i + 1).startsWith("conf/")) {
                    assertTrue(Files.isRegularFile(PROJECT.resolve(words.get(i + 1))), line + ": "
                            + words.get(i + 1) + " exists");
                }
            }
        }
    }

    @Test
    void everyKeyOfTheSettingsTablesIsASetting() throws IOException {
        Set<String> keys = knownKeys();
        int rows = 0;
        for (List<String> table : List.of(section(lines("README.md"), "## Commands and settings"),
                lines("docs/settings.md"))) {
            for (String line : table) {
                if (line.startsWith("| `") && !line.startsWith("| `ring`")) {
                    String first = line.split(" \\| ")[0];
                    Matcher m = CODE.matcher(first);
                    while (m.find()) {
                        if (m.group(1).contains(".") || m.group(1).equals("seed")) {
                            assertTrue(keys.contains(m.group(1)), m.group(1) + " (" + line + ") is a setting");
                            rows++;
                        }
                    }
                }
            }
        }
        assertTrue(rows >= 60, "the tables name the settings: " + rows);
    }

    @Test
    void everyBadInputRowIsWhatTheProgramPrints() throws IOException {
        int rows = 0;
        for (String line : section(lines("README.md"), "## Bad input")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
            Matcher input = CODE.matcher(cells[0]);
            assertTrue(input.find(), line);
            Matcher message = CODE.matcher(cells[1]);
            assertTrue(message.find(), line);
            String expected = message.group(1).replace("\\|", "|");
            List<String> args = new ArrayList<>(List.of("train", "--out", dir.resolve("never-" + rows).toString()));
            args.addAll(Arrays.asList(input.group(1).split(" ")));
            EndToEndRunTest.Result r = EndToEndRunTest.cli(args.toArray(String[]::new));
            String printed = r.stderr().strip();
            assertEquals(Main.BAD_INPUT, r.status(), line + "\n" + printed);
            assertEquals(1, printed.lines().count(), "one line: " + printed);
            assertEquals("error: " + expected, printed.substring(0, Math.min(printed.length(), expected.length() + 7)),
                    "the README's message is how the program's line starts, for " + input.group(1));
            assertFalse(new File(args.get(2)).exists(), "nothing created for " + input.group(1));
            rows++;
        }
        assertTrue(rows >= 5, "the table has rows: " + rows);
    }
}
