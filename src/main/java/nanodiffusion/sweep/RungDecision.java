package nanodiffusion.sweep;

/** What early stopping decided for one trial at one rung: its loss, its rank among the {@code of} recorded there. */
public record RungDecision(String trial, int rung, long step, double loss, int rank, int of, int kept,
                           boolean goOn) {
    public String describe() {
        return String.format("rung %d (step %d): loss %.4f ranked %d of %d, the best %d go on -> %s", rung, step,
                loss, rank, of, kept, goOn ? "continue" : "stop");
    }
}
