package nanodiffusion.sweep;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import nanodiffusion.io.OneLine;

import java.io.IOException;

/**
 * The sweep's own files (trial.json, a trial task's training outcome, the rung entries) as records bound by Jackson
 * under their {@code @JsonProperty} names: a number that is not finite is written as null, and null or absent reads
 * back as NaN.
 */
final class SweepJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("nan-as-null")
            .addSerializer(Double.class, new NanAsNull()).addSerializer(Double.TYPE, new NanAsNull())
            .addDeserializer(Double.class, new NullAsNan(Double.class))
            .addDeserializer(Double.TYPE, new NullAsNan(Double.TYPE)));

    private SweepJson() {
    }

    /** {@code value} as a JSON tree, ready for {@link nanodiffusion.io.JsonFiles#write}. */
    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** {@code value} converted to {@code type} through its JSON form (e.g. a record to a map of its JSON names). */
    static <T> T convert(Object value, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** {@code node} read as {@code type}; a node that is not one is an IllegalArgumentException naming what it is not. */
    static <T> T read(JsonNode node, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("not " + what + " (" + OneLine.of(e.getMessage()) + ")", e);
        }
    }

    /** A number as JSON, or null when it is not finite. */
    private static final class NanAsNull extends StdScalarSerializer<Double> {
        NanAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(v)) {
                gen.writeNumber(v);
            } else {
                gen.writeNull();
            }
        }
    }

    /** A JSON number, and NaN for null or absent. */
    private static final class NullAsNan extends StdScalarDeserializer<Double> {
        NullAsNan(Class<?> type) {
            super(type);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext ctx) {
            return Double.NaN;
        }
    }
}
