package nanodiffusion.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.train.TrainSummary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrialOutcomeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStoppedTrialsOutcomeCarriesItsRungDecisionAndSummaryToTheDriver() throws Exception {
        TrainSummary summary = new TrainSummary(20, 0.61, 3.5, 1200.0);
        TrialTraining.Outcome stopped = TrialTraining.Outcome.trained(TrialResult.Status.STOPPED,
                "rung 1 (step 20): loss 0.6100 ranked 2 of 2, the best 1 go on -> stop", summary);
        String text = JSON.writeValueAsString(SweepJson.tree(stopped));
        assertEquals("{\"status\":\"stopped\",\"early_stop\":\"rung 1 (step 20): loss 0.6100 ranked 2 of 2, the best 1 "
                + "go on -> stop\",\"steps\":20,\"final_loss\":0.61,\"seconds\":3.5,\"samples_per_second\":1200.0}", text);
        TrialTraining.Outcome back = TrialTraining.Outcome.read(JSON.readTree(text));
        assertEquals(stopped, back);
        assertEquals(summary, back.summary());
    }

    @Test
    void aFailedTrialsOutcomeHoldsOnlyItsReason() throws Exception {
        TrialTraining.Outcome failed = TrialTraining.Outcome.failed("training diverged: loss = NaN at step 20");
        String text = JSON.writeValueAsString(SweepJson.tree(failed));
        assertEquals("{\"status\":\"failed\",\"error\":\"training diverged: loss = NaN at step 20\"}", text);
        TrialTraining.Outcome back = TrialTraining.Outcome.read(JSON.readTree(text));
        assertEquals(TrialResult.Status.FAILED, back.status());
        assertEquals(failed.error(), back.error());
    }
}
