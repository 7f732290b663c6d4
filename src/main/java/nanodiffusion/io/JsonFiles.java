package nanodiffusion.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Map;

/** JSON files (metrics.json, run.json) read and written through {@link Storage}. */
public final class JsonFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Storage storage;

    public JsonFiles(Storage storage) {
        this.storage = storage;
    }

    public void write(Path path, Object value) {
        storage.writeAtomically(path, out -> out.write(MAPPER.writeValueAsBytes(value)));
    }

    public ObjectNode readObject(Path path) {
        return storage.read(path, in -> {
            try {
                return (ObjectNode) MAPPER.readTree(in);
            } catch (ClassCastException | IOException e) {
                throw new IOException("not a JSON object (" + e.getMessage() + ")", e);
            }
        });
    }

    /** Removes {@code sections} from the JSON object at {@code path}, if it exists and has any of them. */
    public void removeSections(Path path, java.util.Collection<String> sections) {
        if (!storage.exists(path)) {
            return;
        }
        ObjectNode root = readObject(path);
        if (sections.stream().anyMatch(root::has)) {
            root.remove(sections);
            write(path, root);
        }
    }

    /** Adds or replaces {@code section} of the JSON object at {@code path}, creating the file if needed. */
    public void updateSection(Path path, Map<String, Object> topLevel, String section, Object value) {
        ObjectNode root = storage.exists(path) ? readObject(path) : MAPPER.createObjectNode();
        topLevel.forEach((k, v) -> root.set(k, MAPPER.valueToTree(v)));
        root.set(section, MAPPER.valueToTree(value));
        write(path, root);
    }
}
