package nanodiffusion.sweep;

import com.typesafe.config.ConfigFactory;
import nanodiffusion.config.ConfigError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialExpansionTest {
    private static SweepSpec spec(String text) {
        return SweepSpecLoader.read(ConfigFactory.parseString(text).resolve(), "test");
    }

    private static List<Trial> expand(String text) {
        return TrialExpansion.expand(spec(text), 5000);
    }

    @Test
    void gridIsTheCartesianProductWithTheFirstKeySlowest() {
        List<Trial> trials = expand("sweep.grid {\n train.batchSize = [5000, 20000]\n seed = [0, 1, 2]\n}");
        assertEquals(6, trials.size());
        assertEquals(Map.of("train.batchSize", 5000, "seed", 0), trials.get(0).varied());
        assertEquals(Map.of("train.batchSize", 5000, "seed", 1), trials.get(1).varied());
        assertEquals(Map.of("train.batchSize", 20000, "seed", 2), trials.get(5).varied());
        assertEquals(List.of("t000", "t001", "t002", "t003", "t004", "t005"), trials.stream().map(Trial::id).toList());
    }

    @Test
    void dataSourceAndDimensionAreSweptLikeAnyKey() {
        List<Trial> trials = expand("sweep.grid {\n data.source = [ring, moons, 8gaussians]\n data.dim = [2]\n}");
        assertEquals(List.of("ring", "moons", "8gaussians"), trials.stream()
                .map(t -> t.settings().get("data.source")).toList());
        List<Trial> dims = expand("sweep.grid.data.dim = [2, 3, 5, 10]");
        assertEquals(List.of("2", "3", "5", "10"), dims.stream().map(t -> t.settings().get("data.dim")).toList());
    }

    @Test
    void lrScalingSetsLrFromBatchSizeForEveryPower() {
        List<Trial> trials = expand("sweep { grid.train.batchSize = [5000, 20000, 80000]\n"
                + "lrScaling { base = 1e-3, baseBatch = 5000, power = [0, 0.5, 1] } }");
        // at the base batch size every power gives lr = base: one trial (p = 0) instead of three
        assertEquals(7, trials.size());
        assertEquals(1, trials.stream().filter(t -> t.varied().get("train.batchSize").equals(5000)).count());
        for (Trial t : trials) {
            double batch = ((Number) t.varied().get("train.batchSize")).doubleValue();
            double p = (Double) t.varied().get(LrScaling.POWER_KEY);
            // lr = base * (batch / baseBatch)^p exactly as a double computes it; 1e-15 relative covers printing
            assertEquals(1e-3 * Math.pow(batch / 5000, p), Double.parseDouble(t.settings().get("train.lr")),
                    1e-15 * Math.pow(16, p));
        }
        assertEquals("0.016", trials.get(6).settings().get("train.lr")); // 80000 with linear scaling
        assertEquals("0.002", trials.get(2).settings().get("train.lr")); // 20000 with square-root scaling
    }

    @Test
    void sampleBudgetGivesEveryBatchSizeTheSameSamples() {
        List<Trial> trials = expand("sweep { grid.train.batchSize = [5000, 20000, 80000], budget.samples = 2e7 }");
        assertEquals(List.of("4000", "1000", "250"), trials.stream().map(t -> t.settings().get("train.steps")).toList());
    }

    @Test
    void sharedBatchSizeIsUsedWhenTheGridDoesNotVaryIt() {
        List<Trial> trials = TrialExpansion.expand(spec("sweep { budget.samples = 1e6, grid.seed = [0] }"), 2000);
        assertEquals("500", trials.get(0).settings().get("train.steps"));
    }

    @Test
    void randomDrawsAreReproducibleAndInsideTheirRanges() {
        String text = "sweep { grid.seed = [0, 1]\n random { draws = 20, seed = 7\n"
                + " train.lr.logUniform = [1e-4, 1e-2]\n train.emaDecay.uniform = [0.99, 0.999]\n"
                + " model.width.choice = [32, 64]\n train.averagingFrequency.intUniform = [1, 3] } }";
        List<Trial> a = expand(text);
        List<Trial> b = expand(text);
        assertEquals(40, a.size());
        assertEquals(a, b);
        for (Trial t : a) {
            double lr = (Double) t.varied().get("train.lr");
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "lr " + lr);
            double ema = (Double) t.varied().get("train.emaDecay");
            assertTrue(ema >= 0.99 && ema <= 0.999, "ema " + ema);
            long freq = (Long) t.varied().get("train.averagingFrequency");
            assertTrue(freq >= 1 && freq <= 3, "frequency " + freq);
        }
        Set<Object> widths = a.stream().map(t -> t.varied().get("model.width")).collect(Collectors.toSet());
        assertEquals(Set.of(32, 64), widths); // 40 draws miss a value of two with probability 2^-39
        // a different random.seed gives different draws
        assertTrue(!a.equals(expand(text.replace("seed = 7", "seed = 8"))));
    }

    @Test
    void sharedSettingsAreEverythingOutsideTheSweepSection() {
        SweepSpec s = spec("train.steps = 300\nsample.count = 2000\nsweep.grid.seed = [0]");
        assertEquals(300, s.settings().getInt("train.steps"));
        assertTrue(!s.settings().hasPath("sweep"));
    }

    @Test
    void badSpecsAreRejectedNamingTheKey() {
        assertTrue(assertThrows(ConfigError.class, () -> spec("sweep { grdi.seed = [0] }")).getMessage()
                .startsWith("sweep.grdi = "));
        assertTrue(assertThrows(ConfigError.class, () -> spec("sweep.grid.seed = 3")).getMessage()
                .contains("sweep.grid.seed"));
        assertTrue(assertThrows(ConfigError.class, () -> spec("sweep { grid.train.lr = [1e-3]\n"
                + "lrScaling { base = 1e-3, baseBatch = 5000, power = [1] } }")).getMessage().contains("train.lr"));
        assertEquals("sweep.random.train.lr = gaussian: unknown distribution (use uniform, logUniform, intUniform or "
                + "choice)", assertThrows(ConfigError.class,
                () -> spec("sweep.random { draws = 2, train.lr.gaussian = [0, 1] }")).getMessage());
        assertTrue(assertThrows(ConfigError.class, () -> spec("sweep.random { draws = 2, train.lr.intUniform = [0.5, 3] }"))
                .getMessage().startsWith("sweep.random.train.lr.intUniform = [0.5, 3]: bounds must be whole numbers"));
        assertTrue(assertThrows(ConfigError.class, () -> spec("sweep.random { draws = 2, train.lr.logUniform = [0, 1] }"))
                .getMessage().contains("sweep.random.train.lr.logUniform"));
        assertTrue(assertThrows(ConfigError.class, () -> spec("sweep { budget { steps = 10, seconds = 5 } }"))
                .getMessage().contains("sweep.budget"));
        assertTrue(assertThrows(ConfigError.class, () -> spec("sweep { budget.samples = 1e6, grid.train.steps = [5] }"))
                .getMessage().startsWith("sweep.budget = samples = 1000000: sets train.steps itself"));
        assertTrue(assertThrows(ConfigError.class, () -> spec("sweep { mode = parallel }")).getMessage()
                .contains("sweep.mode = parallel"));
        assertTrue(assertThrows(ConfigError.class, () -> spec("train.steps = 3")).getMessage()
                .contains("no sweep { ... } section"));
    }
}
