package nanodiffusion.cli;

import nanodiffusion.io.RunLayout;
import nanodiffusion.pipeline.DataRoute;
import nanodiffusion.pipeline.DryRun;
import nanodiffusion.pipeline.EvaluateStage;
import nanodiffusion.pipeline.RunContext;
import nanodiffusion.pipeline.SampleStage;
import nanodiffusion.pipeline.TrainStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The four commands; each parses, builds the config, and hands off to its stages. */
final class Commands {
    private Commands() {
    }

    /** Options every command that writes a run folder shares. */
    static final class Common {
        @Mixin
        SettingsOptions settings;

        @Option(names = "--out", paramLabel = "DIR", required = true,
                description = "Output folder shared by the commands (any Hadoop URI: file://, hdfs://, s3a://).")
        String out;

        @Option(names = "--overwrite", description = "Replace outputs that already exist in --out.")
        boolean overwrite;

        RunContext open(String command) {
            return new RunContext(settings.config(), RunLayout.of(out), overwrite, command);
        }
    }

    /** A command that opens one run context (config, Spark, output folder) and runs its stages in it. */
    abstract static class StageCommand implements Callable<Integer> {
        @Mixin
        Common common;

        /** The command's name from its {@code @Command}, also the Spark application's. */
        final String name() {
            return getClass().getAnnotation(Command.class).name();
        }

        abstract void run(RunContext ctx);

        /** Whether the command continues from a checkpoint (--resume). */
        boolean resumes() {
            return false;
        }

        /** Whether the command reads OUT/model (so a table's columns come from it, not from the table). */
        boolean readsTrainedModel() {
            return false;
        }

        /** The stages a dry run plans, or empty when the command has no --dry-run. */
        List<RunLayout.Stage> dryRunStages() {
            return List.of();
        }

        @Override
        public final Integer call() {
            if (!dryRunStages().isEmpty()) {
                System.out.print(DryRun.plan(common.settings.config(), RunLayout.of(common.out), common.overwrite,
                        resumes(), dryRunStages()));
                return 0;
            }
            try (RunContext opened = common.open(name());
                 RunContext ctx = DataRoute.of(opened.config.data()).resolve(opened, readsTrainedModel())) {
                run(ctx);
            }
            return 0;
        }
    }

    /** A command that trains: it can continue from a checkpoint and be dry-run. */
    abstract static class TrainingCommand extends StageCommand {
        private final List<RunLayout.Stage> stages;

        @Option(names = "--resume", description = "Continue training from the newest complete checkpoint in "
                + "OUT/checkpoints.")
        boolean resume;

        @Option(names = "--dry-run", description = "Check the settings and --out, print what would run; start and "
                + "write nothing.")
        boolean dryRun;

        TrainingCommand(List<RunLayout.Stage> stages) {
            this.stages = stages;
        }

        @Override
        boolean resumes() {
            return resume;
        }

        @Override
        List<RunLayout.Stage> dryRunStages() {
            return dryRun ? stages : List.of();
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
                "  submit/local.sh train --out runs/r1                       # the default recipe, 20,000 steps",
                "  submit/local.sh train --out runs/r1 --set train.steps=2000  # a shorter run",
                "  submit/local.sh train --out runs/r1 --resume              # continue after an interruption",
                "  submit/local.sh train --out runs/ref --conf conf/reference.conf  # the seed's recipe exactly"},
            description = "Train the score network with parameter averaging over the Spark workers; writes OUT/model, "
                    + "OUT/loss.csv, OUT/plots/loss.png.")
    static final class Train extends TrainingCommand {
        Train() {
            super(List.of(RunLayout.Stage.TRAIN));
        }

        @Override
        void run(RunContext ctx) {
            TrainStage.run(ctx, resume);
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
                "  submit/local.sh sample --out runs/r1                          # 100,000 samples of runs/r1/model",
                "  submit/local.sh sample --out runs/r1 --conf conf/few-step.conf  # 20 network evaluations instead of 200",
                "  submit/local.sh sample --out runs/r1 --set sample.count=1000000 --overwrite"},
            description = "Sample OUT/model as a Spark job; writes Parquet (sample_id and one DOUBLE column per coordinate: "
                    + "x, y in 2D, x0 .. x{d-1} otherwise, a table's own column names) to OUT/samples.")
    static final class Sample extends StageCommand {
        @Override
        boolean readsTrainedModel() {
            return true;
        }

        @Override
        void run(RunContext ctx) {
            SampleStage.run(ctx);
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
                "  submit/local.sh evaluate --out runs/r1                # metrics.json and plots of runs/r1/samples",
                "  submit/local.sh evaluate --out runs/r1 --likelihood   # also the NLL of true data under the model"},
            description = "Compare OUT/samples with fresh true data (a table's held-out rows); writes OUT/metrics.json and "
                    + "OUT/plots.")
    static final class Evaluate extends StageCommand {
        @Option(names = "--likelihood", description = "Also report the NLL (nats) of fresh true points under OUT/model "
                + "via the probability-flow ODE, as nll in metrics.json.")
        boolean likelihood;

        @Override
        boolean readsTrainedModel() {
            return true;
        }

        @Override
        void run(RunContext ctx) {
            EvaluateStage.run(ctx, likelihood);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
                "  submit/local.sh run --out runs/demo --conf conf/demo.conf   # about a minute",
                "  submit/local.sh run --out runs/r1 --dry-run            # check the settings and --out, run nothing",
                "  submit/local.sh run --out runs/r1                     # the default recipe end to end"},
            description = "train, sample and evaluate in one go into the same OUT.")
    static final class Run extends TrainingCommand {
        @Option(names = "--likelihood", description = "Also evaluate the NLL of true data (see evaluate --help).")
        boolean likelihood;

        Run() {
            super(List.of(RunLayout.Stage.TRAIN, RunLayout.Stage.SAMPLE, RunLayout.Stage.EVALUATE));
        }

        @Override
        void run(RunContext ctx) {
            // Refuse before hours of training, not after.
            TrainStage.preflight(ctx, resume);
            SampleStage.preflight(ctx, true);
            EvaluateStage.preflight(ctx, true);
            TrainStage.run(ctx, resume);
            SampleStage.run(ctx);
            EvaluateStage.run(ctx, likelihood);
        }
    }
}
