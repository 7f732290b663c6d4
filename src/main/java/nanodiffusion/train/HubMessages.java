package nanodiffusion.train;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the training workers and the driver's {@link AveragingHub} say to each other over Spark's RPC. Messages
 * travel as plain byte arrays: an executor's RPC layer deserialises with Spark's own class loader, which does not
 * see the application's classes. Every message from a worker names its attempt, so a resubmitted training job
 * starts clean and an abandoned attempt's tasks are told to stop.
 */
final class HubMessages {
    private HubMessages() {
    }

    /** One message and its wire form. */
    sealed interface Message permits Join, Start, Contribution, Average, Abandoned, Released {
        /** The message as bytes: a tag, then its fields. */
        byte[] toBytes();
    }

    /** A worker asks where to start: the newest averaged state (the initial one before any round). */
    record Join(int attempt, int worker) implements Message {
        @Override
        public byte[] toBytes() {
            return ByteBuffer.allocate(9).put(JOIN).putInt(attempt).putInt(worker).array();
        }
    }

    /**
     * The state to start from: the network's configuration as DL4J's JSON (its iteration count at {@code step}),
     * the flattened parameters and Adam state, and the global step they were reached at.
     */
    record Start(String confJson, float[] params, float[] updater, int iteration, long step) implements Message {
        @Override
        public byte[] toBytes() {
            byte[] conf = confJson.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(1 + 4 + conf.length + floats(params) + floats(updater) + 4 + 8);
            b.put(START).putInt(conf.length).put(conf);
            putFloats(b, params);
            putFloats(b, updater);
            return b.putInt(iteration).putLong(step).array();
        }
    }

    /** A worker's parameters, Adam state and last minibatch loss at the end of the round ending on {@code step}. */
    record Contribution(int attempt, int worker, long step, float[] params, float[] updater, double loss)
            implements Message {
        @Override
        public byte[] toBytes() {
            ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 8 + floats(params) + floats(updater) + 8);
            b.put(CONTRIBUTION).putInt(attempt).putInt(worker).putLong(step);
            putFloats(b, params);
            putFloats(b, updater);
            return b.putDouble(loss).array();
        }
    }

    /** The round's average, and whether to go on with the next round. */
    record Average(long step, float[] params, float[] updater, boolean stop) implements Message {
        @Override
        public byte[] toBytes() {
            ByteBuffer b = ByteBuffer.allocate(1 + 8 + floats(params) + floats(updater) + 1);
            b.put(AVERAGE).putLong(step);
            putFloats(b, params);
            putFloats(b, updater);
            return b.put((byte) (stop ? 1 : 0)).array();
        }
    }

    /** The attempt the worker belongs to was replaced by a newer one (or training ended): stop without a result. */
    record Abandoned(String reason) implements Message {
        @Override
        public byte[] toBytes() {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 4 + text.length).put(ABANDONED).putInt(text.length).put(text).array();
        }
    }

    /** The driver's loop took a finished round (the hub to itself): replies it held back may go. */
    record Released() implements Message {
        static final byte[] BYTES = {6};

        @Override
        public byte[] toBytes() {
            return BYTES.clone();
        }
    }

    private static final byte JOIN = 1;
    private static final byte START = 2;
    private static final byte CONTRIBUTION = 3;
    private static final byte AVERAGE = 4;
    private static final byte ABANDONED = 5;
    private static final byte RELEASED = 6;

    /** The message {@code bytes} holds. */
    static Message from(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte tag = b.get();
        return switch (tag) {
            case JOIN -> new Join(b.getInt(), b.getInt());
            case START -> new Start(string(b), getFloats(b), getFloats(b), b.getInt(), b.getLong());
            case CONTRIBUTION -> new Contribution(b.getInt(), b.getInt(), b.getLong(), getFloats(b), getFloats(b),
                    b.getDouble());
            case AVERAGE -> new Average(b.getLong(), getFloats(b), getFloats(b), b.get() != 0);
            case ABANDONED -> new Abandoned(string(b));
            case RELEASED -> new Released();
            default -> throw new IllegalArgumentException("not a message of the averaging hub (tag " + tag + ")");
        };
    }

    private static int floats(float[] values) {
        return 4 + Float.BYTES * values.length;
    }

    private static void putFloats(ByteBuffer b, float[] values) {
        b.putInt(values.length);
        b.asFloatBuffer().put(values);
        b.position(b.position() + Float.BYTES * values.length);
    }

    private static float[] getFloats(ByteBuffer b) {
        float[] values = new float[b.getInt()];
        b.asFloatBuffer().get(values);
        b.position(b.position() + Float.BYTES * values.length);
        return values;
    }

    private static String string(ByteBuffer b) {
        byte[] bytes = new byte[b.getInt()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
