package nanodiffusion.pipeline;

import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcEnv;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Opens, before Spark starts, the connection a standalone application makes to its master - Spark's RPC with this
 * application's own security settings - and looks the master up. A master that requires authentication closes the
 * connection of an application without its secret at once; Spark itself then retries registering for a minute
 * (three attempts, 20 s apart) before it gives up, so without this probe a refused submission takes a minute to say
 * so. A probe that merely times out (a busy master) is no refusal: Spark goes on as usual.
 */
final class MasterProbe {
    /** The master's endpoint name in Spark's RPC (org.apache.spark.deploy.master.Master.ENDPOINT_NAME). */
    static final String MASTER_ENDPOINT = "Master";
    private static final String LOOKUP_TIMEOUT = "20s";

    private MasterProbe() {
    }

    /** Why the master at {@code address} does not accept a connection under {@code conf}; empty when it does. */
    static Optional<Throwable> refusal(SparkConf conf, InetSocketAddress address) {
        SparkConf probe = conf.clone().set("spark.rpc.lookupTimeout", LOOKUP_TIMEOUT)
                .set("spark.rpc.askTimeout", LOOKUP_TIMEOUT);
        RpcEnv env;
        try {
            SecurityManager security = new SecurityManager(probe, scala.Option.empty(),
                    org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE_DRIVER());
            security.initializeAuth();
            String host = probe.get("spark.driver.host", address.getHostString());
            env = RpcEnv.create("nd-master-probe", host, 0, probe, security, true);
        } catch (RuntimeException e) {
            return Optional.empty(); // settings Spark itself will refuse (a missing secret, say), with its own words
        }
        try {
            env.setupEndpointRef(new RpcAddress(address.getHostString(), address.getPort()), MASTER_ENDPOINT);
            return Optional.empty();
        } catch (Exception e) { // Spark's SparkException, checked, though Scala declares nothing
            return timedOut(e) ? Optional.empty() : Optional.of(e);
        } finally {
            env.shutdown();
            env.awaitTermination();
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException) { // Spark's RpcTimeoutException is one
                return true;
            }
        }
        return false;
    }
}
