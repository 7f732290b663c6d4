package nanodiffusion.cli;

import nanodiffusion.io.OneLine;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

import java.util.Comparator;
import java.util.List;
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

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: YarnOutcome APPLICATION_TAG");
            System.exit(Main.BAD_INPUT);
        }
        YarnClient yarn = YarnClient.createYarnClient();
        yarn.init(new YarnConfiguration());
        yarn.start();
        List<ApplicationReport> apps;
        try {
            apps = yarn.getApplications(null, null, Set.of(args[0].toLowerCase(java.util.Locale.ROOT)));
        } finally {
            yarn.stop();
        }
        ApplicationReport app = apps.stream().max(Comparator.comparingLong(ApplicationReport::getStartTime)).orElse(null);
        if (app == null) {
            System.err.println("error: YARN has no application of this submission (spark-submit failed before the "
                    + "ResourceManager accepted it; its output above names the cause)");
            System.exit(Main.FAILED);
        }
        if (app.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED) {
            System.exit(0);
        }
        var failed = CommandFailed.in(app.getDiagnostics());
        if (failed.isPresent()) {
            System.err.println(failed.get().line());
            System.exit(failed.get().status());
        }
        System.err.println("error: YARN application " + app.getApplicationId() + " ended " + app.getYarnApplicationState()
                + "/" + app.getFinalApplicationStatus() + ": " + OneLine.of(app.getDiagnostics()));
        System.exit(Main.FAILED);
    }
}
