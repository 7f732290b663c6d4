package nanodiffusion.pipeline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark session that could not start or was refused, as one line that names the cause and what to do. Spark
 * reports the same cause through different exceptions depending on timing (a refused standalone application
 * surfaces as a stopped context or as a null task scheduler), so the cause is decided from what can be checked -
 * the master's URL, whether its port answers, the memory message - never from which exception came first.
 */
public final class SessionFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int CONNECT_MILLIS = 2000;
    private static final Pattern MEMORY = Pattern.compile("System memory (\\d+) must be at least (\\d+)");

    /** What stopped the session. */
    public enum Reason {
        /** The driver's heap is below what Spark needs. */
        MEMORY(true),
        /** The standalone master does not answer at its URL. */
        MASTER_UNREACHABLE(false),
        /** The standalone master answers but did not accept the application (authentication, most often). */
        MASTER_REFUSED(false),
        /** A cluster manager (YARN, Kubernetes) did not start or keep the application. */
        CLUSTER_REFUSED(false),
        /** The cluster granted no executor within the time allowed. */
        NO_EXECUTORS(true);

        private final boolean resource;

        Reason(boolean resource) {
            this.resource = resource;
        }

        /** Whether the cause is a missing resource (exit status 3) rather than a failure (1). */
        public boolean isResource() {
            return resource;
        }
    }

    private final Reason reason;

    public SessionFailure(Reason reason, String message, Throwable source) {
        super(message, source);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Refuses at once a standalone master whose port does not answer (Spark itself retries for a minute). */
    public static void requireReachable(String master) {
        standaloneAddress(master).ifPresent(a -> requireReachable(master, a));
    }

    private static void requireReachable(String master, InetSocketAddress address) {
        if (!answers(address)) {
            throw new SessionFailure(Reason.MASTER_UNREACHABLE, unreachable(master), null);
        }
    }

    /**
     * Refuses at once a standalone master that does not answer, or that answers but closes this application's
     * connection (it requires authentication, or another secret: {@link MasterProbe}); Spark itself retries for a
     * minute in either case.
     */
    public static void requireAccepted(org.apache.spark.SparkConf conf) {
        String master = conf.get("spark.master", null);
        standaloneAddress(master).ifPresent(a -> {
            requireReachable(master, a);
            MasterProbe.refusal(conf, a).ifPresent(e -> {
                throw new SessionFailure(Reason.MASTER_REFUSED, refused(master) + " (" + firstMessage(e) + ")", e);
            });
        });
    }

    /**
     * The cause of {@code failure}, raised while the session for {@code master} started or by its first use after
     * Spark stopped it; null when the failure is not a session's.
     */
    public static SessionFailure classify(Throwable failure, String master) {
        if (failure instanceof SessionFailure s) {
            return s;
        }
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            Matcher m = MEMORY.matcher(String.valueOf(e.getMessage()));
            if (m.find()) {
                return new SessionFailure(Reason.MEMORY, String.format(Locale.ROOT, "the driver's Java heap (%d MB) is "
                        + "below the %d MB Spark needs to start; give the JVM more heap: JAVA_OPTS=-Xmx2g for "
                        + "submit/local.sh, ND_DRIVER_MEMORY=2g or spark-submit's --driver-memory 2g on a cluster",
                        Long.parseLong(m.group(1)) >> 20, Long.parseLong(m.group(2)) >> 20), failure);
            }
        }
        String kind = master == null ? "" : master.toLowerCase(Locale.ROOT);
        if (kind.startsWith("spark://")) {
            boolean answers = standaloneAddress(master).map(SessionFailure::answers).orElse(false);
            return answers ? new SessionFailure(Reason.MASTER_REFUSED, refused(master) + " or has no room for it; the "
                    + "master's log names the reason", failure)
                    : new SessionFailure(Reason.MASTER_UNREACHABLE, unreachable(master), failure);
        }
        if (kind.startsWith("yarn") || kind.startsWith("k8s://")) {
            return new SessionFailure(Reason.CLUSTER_REFUSED, (kind.startsWith("yarn") ? "YARN" : "Kubernetes")
                    + " did not start or keep this application: " + firstMessage(failure), failure);
        }
        return null;
    }

    private static String refused(String master) {
        return "the standalone master " + master + " did not accept this application: it requires authentication "
                + "(give its secret with SPARK_AUTH_SECRET_FILE)";
    }

    private static String unreachable(String master) {
        return "the standalone master " + master + " does not answer: start it, or check the URL (spark://HOST:PORT, "
                + "port 7077 unless it was started with another)";
    }

    private static String firstMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return nanodiffusion.io.OneLine.of(root.getMessage() != null ? root.getMessage() : root.toString());
    }

    private static java.util.Optional<InetSocketAddress> standaloneAddress(String master) {
        if (master == null || !master.toLowerCase(Locale.ROOT).startsWith("spark://")) {
            return java.util.Optional.empty();
        }
        String first = master.substring("spark://".length()).split(",")[0];
        try {
            URI uri = new URI("spark://" + first);
            return uri.getHost() == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 7077 : uri.getPort()));
        } catch (java.net.URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean answers(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, CONNECT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
