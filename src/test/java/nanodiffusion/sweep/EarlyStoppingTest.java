package nanodiffusion.sweep;

import com.typesafe.config.ConfigFactory;
import nanodiffusion.config.ConfigError;
import nanodiffusion.io.Storage;
import nanodiffusion.testing.LocalSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyStoppingTest {
    private static final EarlyStopping HALVING = new EarlyStopping(List.of(0.25, 0.5), 2);

    @Test
    void rungsAreFractionsOfEachTrialsSteps() {
        assertEquals(List.of(250L, 500L), HALVING.rungSteps(1000));
        assertEquals(List.of(1L), HALVING.rungSteps(2)); // 0.5 and 1 round to 1 and 1: one rung, below the end
    }

    @Test
    void aTrialGoesOnOnlyAmongTheBestFractionRecordedSoFar() {
        // the first trial at a rung always goes on; then the best ceil(n / 2) of the n recorded
        assertTrue(HALVING.decide("a", 1, 250, 0.5, Map.of("a", 0.5)).goOn());
        assertFalse(HALVING.decide("b", 1, 250, 0.6, Map.of("a", 0.5, "b", 0.6)).goOn());
        RungDecision c = HALVING.decide("c", 1, 250, 0.55, Map.of("a", 0.5, "b", 0.6, "c", 0.55));
        assertEquals(2, c.rank());
        assertEquals(2, c.kept());
        assertTrue(c.goOn());
        assertFalse(HALVING.decide("d", 1, 250, Double.NaN, Map.of("a", 0.5, "d", Double.NaN)).goOn());
        // an exact tie goes to the smaller trial id
        assertTrue(HALVING.decide("a", 1, 250, 0.5, Map.of("a", 0.5, "b", 0.5)).goOn());
        assertFalse(HALVING.decide("b", 1, 250, 0.5, Map.of("a", 0.5, "b", 0.5)).goOn());
    }

    @Test
    void stopRuleReportsAtRungsAndStopsWhenTheBoardSaysSo() {
        java.nio.file.Path dir = LocalSpark.tempFolder("nd-rungs");
        try {
            RungBoard board = new RungBoard(new Storage(new Configuration()), new Path(dir.toUri()));
            TrialStopRule good = new TrialStopRule(java.util.OptionalDouble.empty(), java.util.Optional.of(HALVING), board, "t000", 100);
            TrialStopRule bad = new TrialStopRule(java.util.OptionalDouble.empty(), java.util.Optional.of(HALVING), board, "t001", 100);
            nanodiffusion.train.LossHistory low = history(0.3);
            nanodiffusion.train.LossHistory high = history(0.9);
            assertFalse(good.stopAt(20, low)); // before the first rung (25): nothing reported
            assertFalse(good.stopAt(30, low)); // first at rung 1
            assertTrue(bad.stopAt(30, high));  // second of two, worse: stopped
            assertEquals(1, bad.stopped().orElseThrow().rung());
            assertTrue(good.stopped().isEmpty());
            String csv = board.decisionsCsv();
            assertEquals(3, csv.split("\n").length, csv);
            assertTrue(csv.contains("1,t001,30,0.9,2,2,1,stop"), csv);
            // a trial resumed past a rung it was decided at gets its recorded decision back, not a new one (with
            // the better loss given here it would rank first and go on)
            assertEquals(bad.stopped().orElseThrow(), board.report(HALVING, "t001", 1, 30, 0.1));
            assertEquals(csv, board.decisionsCsv());
        } finally {
            LocalSpark.deleteRecursively(dir);
        }
    }

    private static nanodiffusion.train.LossHistory history(double loss) {
        nanodiffusion.train.LossHistory h = new nanodiffusion.train.LossHistory();
        for (int step = 10; step <= 30; step += 10) {
            h.add(step, loss, step);
        }
        return h;
    }

    @Test
    void badEarlyStoppingSettingsNameTheKey() {
        assertTrue(assertThrows(ConfigError.class, () -> SweepSpecLoader.read(ConfigFactory.parseString(
                "sweep.earlyStopping { rungs = [0.5, 0.25] }"), "t")).getMessage().contains("sweep.earlyStopping.rungs"));
        assertTrue(assertThrows(ConfigError.class, () -> SweepSpecLoader.read(ConfigFactory.parseString(
                "sweep.earlyStopping { rungs = [0.5], reduction = 1 }"), "t")).getMessage()
                .contains("sweep.earlyStopping.reduction"));
    }
}
