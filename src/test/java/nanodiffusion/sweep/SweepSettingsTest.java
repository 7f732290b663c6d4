package nanodiffusion.sweep;

import com.typesafe.config.ConfigFactory;
import nanodiffusion.config.ConfigError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepSettingsTest {
    private static SweepSpec spec(String text) {
        return SweepSpecLoader.read(ConfigFactory.parseString(text).resolve(), "test");
    }

    @Test
    void docsSweepKeyTableListsEverySweepSettingWithItsDefault() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/sweeps.md"))) {
            if (line.startsWith("| `sweep.")) {
                String[] cells = line.split("\\|");
                documented.put(cells[1].strip().replace("`", ""), cells[2].strip());
            }
        }
        Map<String, String> declared = new LinkedHashMap<>();
        SweepSettings.ALL.forEach(e -> declared.put(e.fullKey(), String.valueOf(e.plainDefault())));
        assertEquals(declared, documented);
    }

    @Test
    void aSectionThatSetsOnlyTheBudgetTakesEveryDefaultOfTheTable() {
        SweepSpec s = spec("sweep { budget.steps = 10 }");
        assertEquals(SweepScheduling.of(SweepSettings.MODE.defaultValue(), SweepSettings.PARALLEL_TRIALS.defaultValue()),
                s.scheduling());
        assertEquals(SweepSettings.METRIC.defaultValue(), s.metric());
        assertEquals(SweepSettings.MAX_TRIALS.defaultValue(), s.maxTrials());
        assertEquals(SweepSettings.RANDOM_DRAWS.defaultValue(), s.randomDraws());
        assertEquals(SweepSettings.RANDOM_SEED.defaultValue(), s.randomSeed());
        assertEquals(SweepSettings.EARLY_STOPPING_REDUCTION.defaultValue(),
                spec("sweep { earlyStopping.rungs = [0.5] }").earlyStopping().orElseThrow().reduction());
    }

    @Test
    void aSweepValueOfTheWrongTypeIsRefusedLikeARunSettingNamingKeyAndValue() {
        assertEquals("sweep.parallelTrials = two: must be a whole number",
                assertThrows(ConfigError.class, () -> spec("sweep { parallelTrials = two }")).getMessage());
        assertEquals("sweep.maxTrials = 2.5: must be a whole number",
                assertThrows(ConfigError.class, () -> spec("sweep { maxTrials = 2.5 }")).getMessage());
        assertEquals("sweep.random.seed = x: must be a whole number",
                assertThrows(ConfigError.class, () -> spec("sweep { random { seed = x } }")).getMessage());
        assertTrue(assertThrows(ConfigError.class, () -> spec("sweep { metric = best }")).getMessage()
                .startsWith("sweep.metric = best: "));
    }
}
