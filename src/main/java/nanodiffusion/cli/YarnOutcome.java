package nanodiffusion.cli;

import nanodiffusion.io.OneLine;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

import java.io.IOException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * submit/yarn.sh's reader of a cluster-mode application's end, run after spark-submit failed: the ResourceManager's
 * report of the application carrying the submission's tag, as the line and exit status the command gives in local
 * mode ({@link CommandFailed} in the diagnostics), else the final status and the diagnostics' first line, exit 1.
 * Usage: {@code YarnOutcome TAG} with the cluster's configuration (HADOOP_CONF_DIR) on the classpath.
 */
public final class YarnOutcome {
    private YarnOutcome() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: YarnOutcome APPLICATION_TAG");
            System.exit(Main.BAD_INPUT);
        }
        Optional<ApplicationReport> app;
        try {
            app = latest(args[0].toLowerCase(Locale.ROOT));
        } catch (IOException | YarnException | RuntimeException e) {
            System.err.println("error: the ResourceManager did not report the application: " + OneLine.of(e.getMessage()));
            System.exit(Main.FAILED);
            return;
        }
        if (app.isEmpty()) {
            System.err.println("error: YARN has no application of this submission (spark-submit failed before the "
                    + "ResourceManager accepted it; its output above names the cause)");
            System.exit(Main.FAILED);
        } else if (app.get().getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED) {
            System.exit(0);
        }
        var failed = CommandFailed.in(app.get().getDiagnostics());
        if (failed.isPresent()) {
            System.err.println(failed.get().line());
            System.exit(failed.get().status());
        }
        System.err.println("error: YARN application " + app.get().getApplicationId() + " ended "
                + app.get().getYarnApplicationState() + "/" + app.get().getFinalApplicationStatus() + ": "
                + OneLine.of(app.get().getDiagnostics()));
        System.exit(Main.FAILED);
    }

    /** The ResourceManager's report of the last application carrying {@code tag}. */
    private static Optional<ApplicationReport> latest(String tag) throws IOException, YarnException {
        YarnConfiguration conf = new YarnConfiguration();
        // spark-submit has just talked to the ResourceManager: if it no longer answers, say so within a minute, not
        // after YARN's default of 15 minutes of retries
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 60_000);
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(conf);
            yarn.start();
            return yarn.getApplications(null, null, Set.of(tag)).stream()
                    .max(Comparator.comparingLong(ApplicationReport::getStartTime));
        }
    }
}
