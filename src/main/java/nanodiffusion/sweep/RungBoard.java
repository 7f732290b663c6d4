package nanodiffusion.sweep;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import nanodiffusion.io.JsonFiles;
import nanodiffusion.io.Storage;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The losses trials reached at each rung, one small JSON file per trial and rung under OUT/early-stopping, so trials
 * in driver threads and in executor tasks (any file system the sweep writes to) see each other's results.
 */
public final class RungBoard {
    /** What a non-finite loss is recorded as (JSON has no NaN), ranking it last. */
    private static final double NON_FINITE_LOSS = 1e300;

    private final Storage storage;
    private final JsonFiles json;
    private final Path folder;

    public RungBoard(Storage storage, Path folder) {
        this.storage = storage;
        this.json = new JsonFiles(storage);
        this.folder = folder;
    }

    /**
     * One trial's file at one rung: its loss first, then (once decided) its rank among the losses recorded there, how
     * many those were, how many go on, and continue or stop.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(@JsonProperty("trial_id") String trial, @JsonProperty("rung") int rung,
                 @JsonProperty("step") long step, @JsonProperty("loss") double loss, @JsonProperty("rank") Integer rank,
                 @JsonProperty("of") Integer of, @JsonProperty("kept") Integer kept,
                 @JsonProperty("decision") String decision) {
        static final String CONTINUE = "continue";

        boolean decided() {
            return decision != null;
        }

        RungDecision asDecision() {
            return new RungDecision(trial, rung, step, loss, rank, of, kept, CONTINUE.equals(decision));
        }

        String csvRow() {
            return String.join(",", String.valueOf(rung), trial, String.valueOf(step), String.valueOf(loss),
                    String.valueOf(rank), String.valueOf(of), String.valueOf(kept), decision);
        }
    }

    /** Records {@code trial}'s loss at {@code rung}, then decides against everything recorded there so far. */
    public RungDecision report(EarlyStopping rule, String trial, int rung, long step, double loss) {
        Path file = new Path(rungFolder(rung), trial + ".json");
        if (storage.exists(file)) { // decided before the trial was interrupted and resumed past this rung
            Entry e = read(file);
            if (e.decided()) {
                return e.asDecision();
            }
        }
        double recorded = Double.isFinite(loss) ? loss : NON_FINITE_LOSS;
        json.write(file, SweepJson.tree(new Entry(trial, rung, step, recorded, null, null, null, null)));
        RungDecision d = rule.decide(trial, rung, step, loss, recorded(rung));
        json.write(file, SweepJson.tree(new Entry(trial, rung, step, recorded, d.rank(), d.of(), d.kept(),
                d.goOn() ? Entry.CONTINUE : "stop")));
        return d;
    }

    private Entry read(Path file) {
        return SweepJson.read(json.readObject(file), Entry.class, "a rung entry: " + file);
    }

    private Path rungFolder(int rung) {
        return new Path(folder, "rung-" + rung);
    }

    private Map<String, Double> recorded(int rung) {
        Map<String, Double> losses = new TreeMap<>();
        for (Entry e : entries(rungFolder(rung))) {
            losses.put(e.trial(), e.loss());
        }
        return losses;
    }

    private List<Entry> entries(Path dir) {
        List<Entry> out = new ArrayList<>();
        try {
            if (!storage.exists(dir)) {
                return out;
            }
            for (FileStatus f : storage.fs(dir).listStatus(dir)) {
                String name = f.getPath().getName();
                if (name.endsWith(".json") && !name.startsWith(".") && !name.startsWith("_")) {
                    out.add(read(f.getPath()));
                }
            }
        } catch (IOException e) {
            throw new Storage.StorageError("cannot list " + dir, e);
        }
        return out;
    }

    /** Every decision so far as CSV rows (rung, trial_id, step, loss, rank, of, kept, decision), by rung and rank. */
    public String decisionsCsv() {
        List<String> rows = new ArrayList<>();
        for (int rung = 1; storage.exists(rungFolder(rung)); rung++) {
            entries(rungFolder(rung)).stream().filter(Entry::decided).sorted(Comparator.comparingInt(Entry::rank))
                    .forEach(e -> rows.add(e.csvRow()));
        }
        return "rung,trial_id,step,loss,rank,of,kept,decision\n" + (rows.isEmpty() ? "" : String.join("\n", rows) + "\n");
    }
}
