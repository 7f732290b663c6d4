package nanodiffusion.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * run.json's "config" map ({@link RunConfig#asFlatMap}) is what --resume compares checkpoints through and what every
 * output folder records, so the keys it has written keep their order and their values: the expected files under
 * src/test/resources/nanodiffusion/config were written by asFlatMap as it was before the settings table existed. A
 * setting added since may join the map anywhere; one renamed, dropped, moved or written differently fails here.
 */
class RunJsonConfigTest {
    /** run.json's own writer settings (JsonFiles): the text a run folder holds. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static RunConfig load(String conf) {
        return ConfigLoader.load(conf.isEmpty() ? null : new File(conf), List.of());
    }

    @ParameterizedTest
    @CsvSource({"'', defaults", "conf/reference.conf, reference", "conf/few-step.conf, few-step"})
    void runJsonConfigKeepsTheKeysItHasWrittenInTheirOrderWithTheirValues(String conf, String name) throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("run-config-" + name + ".json")) {
            assertNotNull(in, "run-config-" + name + ".json");
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> pinned = new HashSet<>();
        MAPPER.readTree(expected).fieldNames().forEachRemaining(pinned::add);
        Map<String, Object> written = load(conf).asFlatMap();
        written.keySet().retainAll(pinned); // settings added since may sit anywhere among them
        assertEquals(expected, MAPPER.writeValueAsString(written) + "\n");
    }

    @ParameterizedTest
    @CsvSource({"''", "conf/reference.conf", "conf/few-step.conf"})
    void runJsonConfigNamesExactlyTheKeysTheLoaderReads(String conf) {
        assertEquals(ConfigLoader.knownKeys(), load(conf).asFlatMap().keySet().stream().sorted().toList());
    }
}
