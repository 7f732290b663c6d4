package nanodiffusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import nanodiffusion.io.JsonFiles;
import nanodiffusion.io.Storage;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The losses trials reached at each rung, one small JSON file per trial and rung under OUT/early-stopping, so trials
 * in driver threads and in executor tasks (any file system the sweep writes to) see each other's results.
 */
public final class RungBoard {
    private final Storage storage;
    private final JsonFiles json;
    private final Path folder;

    public RungBoard(Storage storage, Path folder) {
        this.storage = storage;
        this.json = new JsonFiles(storage);
        this.folder = folder;
    }

    /** Records {@code trial}'s loss at {@code rung}, then decides against everything recorded there so far. */
    public RungDecision report(EarlyStopping rule, String trial, int rung, long step, double loss) {
        Path file = new Path(rungFolder(rung), trial + ".json");
        if (storage.exists(file)) { // decided before the trial was interrupted and resumed past this rung
            JsonNode n = json.readObject(file);
            if (n.has("decision")) {
                return new RungDecision(trial, rung, n.get("step").asLong(), n.get("loss").asDouble(),
                        n.get("rank").asInt(), n.get("of").asInt(), n.get("kept").asInt(),
                        "continue".equals(n.get("decision").asText()));
            }
        }
        json.write(file, Map.of("trial_id", trial, "rung", rung, "step", step, "loss", Double.isFinite(loss) ? loss : 1e300));
        RungDecision d = rule.decide(trial, rung, step, loss, recorded(rung));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial_id", trial);
        m.put("rung", rung);
        m.put("step", step);
        m.put("loss", Double.isFinite(loss) ? loss : 1e300);
        m.put("rank", d.rank());
        m.put("of", d.of());
        m.put("kept", d.kept());
        m.put("decision", d.goOn() ? "continue" : "stop");
        json.write(file, m);
        return d;
    }

    private Path rungFolder(int rung) {
        return new Path(folder, "rung-" + rung);
    }

    private Map<String, Double> recorded(int rung) {
        Map<String, Double> losses = new TreeMap<>();
        for (JsonNode n : entries(rungFolder(rung))) {
            losses.put(n.get("trial_id").asText(), n.get("loss").asDouble());
        }
        return losses;
    }

    private List<JsonNode> entries(Path dir) {
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!storage.exists(dir)) {
                return out;
            }
            for (FileStatus f : storage.fs(dir).listStatus(dir)) {
                String name = f.getPath().getName();
                if (name.endsWith(".json") && !name.startsWith(".") && !name.startsWith("_")) {
                    out.add(json.readObject(f.getPath()));
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
            List<JsonNode> es = entries(rungFolder(rung));
            es.removeIf(n -> !n.has("decision"));
            es.sort(java.util.Comparator.comparingInt(n -> n.get("rank").asInt()));
            for (JsonNode n : es) {
                rows.add(String.join(",", String.valueOf(rung), n.get("trial_id").asText(), n.get("step").asText(),
                        n.get("loss").asText(), n.get("rank").asText(), n.get("of").asText(), n.get("kept").asText(),
                        n.get("decision").asText()));
            }
        }
        return "rung,trial_id,step,loss,rank,of,kept,decision\n" + (rows.isEmpty() ? "" : String.join("\n", rows) + "\n");
    }
}
