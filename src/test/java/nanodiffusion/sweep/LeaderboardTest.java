package nanodiffusion.sweep;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LeaderboardTest {
    private static final SweepSpec SPEC = SweepSpecLoader.read(ConfigFactory.parseString(
            "sweep { metric = angular_w1, targets { sliced_w1 = 0.05, angular_w1 = 0.1 } }"), "test");

    private static TrialResult ok(String id, double angular, double wall, int batch) {
        return new TrialResult(id, TrialResult.Status.OK, null, null, Map.of("train.batchSize", batch), 100, 0.2, 0.04,
                0.01, angular, wall - 1, wall, 1000);
    }

    @Test
    void ranksFinishedTrialsByTheMetricAndPutsFailedOnesLast() {
        Trial failedTrial = new Trial("t001", Map.of("train.batchSize", 80000), Map.of());
        Trial stoppedTrial = new Trial("t004", Map.of("train.batchSize", 5000), Map.of());
        List<TrialResult> results = List.of(ok("t000", 0.2, 10, 5000),
                TrialResult.failed(failedTrial, "training diverged: loss = NaN at step 20", 3),
                ok("t002", 0.05, 30, 20000), ok("t003", 0.08, 20, 20000),
                TrialResult.stopped(stoppedTrial, "rung 1 ...", 50, 0.3, 4, 4, 1000));
        Leaderboard board = new Leaderboard(results, SPEC);
        assertEquals(List.of("t002", "t003", "t000", "t004", "t001"),
                board.ranked().stream().map(TrialResult::id).toList());
        String[] lines = board.toCsv().split("\n");
        assertEquals("rank,trial_id,status,train_batchSize,steps,final_loss,sliced_w1,radial_w1,angular_w1,"
                + "wall_seconds,train_seconds,samples_per_second,meets_targets,error", lines[0]);
        assertEquals("1,t002,ok,20000,100,0.2,0.04,0.01,0.05,30.0,29.0,1000.0,true,", lines[1]);
        assertEquals("3,t000,ok,5000,100,0.2,0.04,0.01,0.2,10.0,9.0,1000.0,false,", lines[3]);
        assertEquals(",t004,stopped,5000,50,0.3,,,,4.0,4.0,1000.0,false,", lines[4]);
        assertEquals(",t001,failed,80000,,,,,,3.0,,,false,training diverged: loss = NaN at step 20", lines[5]);
    }

    @Test
    void csvQuotesCellsWithCommasAndQuotes() {
        Trial t = new Trial("t000", Map.of(), Map.of());
        String csv = new Leaderboard(List.of(TrialResult.failed(t, "bad \"x\", really", 1)), SPEC).toCsv();
        assertEquals(",t000,failed,,,,,,1.0,,,false,\"bad \"\"x\"\", really\"", csv.split("\n")[1]);
    }

    @Test
    void paretoFrontKeepsTrialsNoOtherBeatsOnTimeAndQuality() {
        List<TrialResult> results = List.of(ok("fast", 0.2, 10, 1), ok("slow-best", 0.05, 30, 1),
                ok("middle", 0.08, 20, 1), ok("dominated", 0.1, 25, 1), ok("tie-slower", 0.2, 12, 1));
        assertEquals(Set.of("fast", "slow-best", "middle"), Leaderboard.paretoFront(results, SweepMetric.ANGULAR_W1));
    }

    @Test
    void trialResultSurvivesItsJsonForm() {
        TrialResult r = ok("t007", 0.0123, 42, 5000);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(r.asJsonMap());
        assertEquals(r, TrialResult.fromJson(json));
        TrialResult f = TrialResult.failed(new Trial("t008", Map.of("seed", 1), Map.of()), "boom", 2);
        TrialResult back = TrialResult.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(f.asJsonMap()));
        assertEquals(f.error(), back.error());
        assertEquals(Double.NaN, back.slicedW1()); // null in JSON comes back as NaN
    }

    @Test
    void trialJsonKeepsItsKeysInOrderWithMissingNumbersAsNull() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        TrialResult f = new TrialResult("t008", TrialResult.Status.FAILED, "boom", null, Map.of("seed", 1), 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 2, Double.NaN,
                Map.of("sliced_w1_ratio", Double.NaN));
        assertEquals("{\"trial_id\":\"t008\",\"status\":\"failed\",\"error\":\"boom\",\"early_stop\":null,"
                + "\"varied\":{\"seed\":1},\"steps\":0,\"final_loss\":null,\"sliced_w1\":null,\"radial_w1\":null,"
                + "\"angular_w1\":null,\"train_seconds\":null,\"wall_seconds\":2.0,\"samples_per_second\":null,"
                + "\"quality\":{\"sliced_w1_ratio\":null}}", mapper.writeValueAsString(f.asJsonMap()));
        // a trial.json written before the perfect-sampler comparison has no quality; absent numbers read as NaN
        TrialResult older = TrialResult.fromJson(mapper.readTree("{\"trial_id\":\"t001\",\"status\":\"ok\","
                + "\"varied\":{\"train.lr\":0.001},\"steps\":100,\"final_loss\":0.5,\"sliced_w1\":0.01}"));
        assertEquals(new TrialResult("t001", TrialResult.Status.OK, null, null, Map.of("train.lr", 0.001), 100, 0.5,
                0.01, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN), older);
        assertEquals(Double.NaN, TrialResult.fromJson(mapper.valueToTree(f.asJsonMap())).quality("sliced_w1_ratio"));
    }

    @Test
    void aSweepRanksByTheRatioToAPerfectSamplerAndShowsIt() {
        SweepSpec byRatio = SweepSpecLoader.read(ConfigFactory.parseString("sweep { metric = sliced_w1_ratio }"), "test");
        TrialResult close = new TrialResult("t000", TrialResult.Status.OK, null, null, Map.of("seed", 0), 100, 0.2,
                0.05, 0.01, 0.02, 9, 10, 1000, Map.of("sliced_w1_ratio", 1.1, "sliced_w1_floor", 0.045));
        TrialResult far = new TrialResult("t001", TrialResult.Status.OK, null, null, Map.of("seed", 1), 100, 0.2,
                0.04, 0.01, 0.02, 9, 10, 1000, Map.of("sliced_w1_ratio", 2.0, "sliced_w1_floor", 0.02));
        Leaderboard board = new Leaderboard(List.of(far, close), byRatio);
        // t001 has the smaller sliced W1 but against a lower floor: twice what exact samples score
        assertEquals(List.of("t000", "t001"), board.ranked().stream().map(TrialResult::id).toList());
        String[] lines = board.toCsv().split("\n");
        assertEquals("rank,trial_id,status,seed,steps,final_loss,sliced_w1,radial_w1,angular_w1,sliced_w1_ratio,"
                + "wall_seconds,train_seconds,samples_per_second,error", lines[0]);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(close.asJsonMap());
        assertEquals(close, TrialResult.fromJson(json), "the ratios survive trials.json");
    }

    @Test
    void aSweepByTheWorstRatioRanksByTheLargestOfTheThreeAndShowsEach() {
        SweepSpec byWorst = SweepSpecLoader.read(ConfigFactory.parseString("sweep { metric = worst_ratio }"), "test");
        // t000 is best on sliced and angular but 3x on radial; t001 is at most 1.3x on each
        TrialResult lopsided = ratios("t000", 1.0, 3.0, 0.9);
        TrialResult even = ratios("t001", 1.2, 1.3, 1.1);
        TrialResult slicedOnly = new TrialResult("t002", TrialResult.Status.OK, null, null, Map.of("seed", 2), 100, 0.2,
                0.05, 0.01, 0.02, 9, 10, 1000, Map.of("sliced_w1_ratio", 1.25)); // a source without exact laws
        Leaderboard board = new Leaderboard(List.of(lopsided, even, slicedOnly), byWorst);
        assertEquals(List.of("t002", "t001", "t000"), board.ranked().stream().map(TrialResult::id).toList());
        assertEquals(3.0, SweepMetric.WORST_RATIO.of(lopsided));
        assertEquals(1.25, SweepMetric.WORST_RATIO.of(slicedOnly));
        String[] lines = board.toCsv().split("\n");
        assertEquals("rank,trial_id,status,seed,steps,final_loss,sliced_w1,radial_w1,angular_w1,sliced_w1_ratio,"
                + "radial_w1_exact_ratio,angular_w1_exact_ratio,worst_ratio,wall_seconds,train_seconds,"
                + "samples_per_second,error", lines[0]);
        assertEquals("3,t000,ok,0,100,0.2,0.05,0.01,0.02,1.0,3.0,0.9,3.0,10.0,9.0,1000.0,", lines[3]);
    }

    private static TrialResult ratios(String id, double sliced, double radial, double angular) {
        return new TrialResult(id, TrialResult.Status.OK, null, null, Map.of("seed", 0), 100, 0.2, 0.05, 0.01, 0.02,
                9, 10, 1000, Map.of("sliced_w1_ratio", sliced, "radial_w1_exact_ratio", radial,
                        "angular_w1_exact_ratio", angular));
    }
}
