package nanodiffusion.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static nanodiffusion.config.SettingType.BOOLEAN;
import static nanodiffusion.config.SettingType.COUNT_OR_AUTO;
import static nanodiffusion.config.SettingType.DOUBLE;
import static nanodiffusion.config.SettingType.INT;
import static nanodiffusion.config.SettingType.LONG;
import static nanodiffusion.config.SettingType.NAMES;
import static nanodiffusion.config.SettingType.WORD;
import static nanodiffusion.config.SettingType.choice;

/**
 * Every setting, declared once: key, type, default, where its value sits in a {@link RunConfig}, whether it is
 * part of the training identity and whether it describes a saved network. The loader reads these (each record its
 * own), run.json writes them in this order ({@link RunConfig#asFlatMap}), the Spark ML Params, --resume's identity
 * check and what a model folder records (its {@code parametrisation.json}) are made from them. Adding a
 * setting: its declaration here, its record's component, check and {@code read} argument, its line (under a comment,
 * its doc) in conf/nanodiffusion.conf, and its README row; SettingsTest holds the table, the defaults file and the
 * README to each other.
 */
public final class Settings {
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    private Settings() {
    }

    public static final Setting<Long> SEED = declare(Setting.of("seed", LONG, 0L, RunConfig::seed).identity());

    // data: DataConfig, TableConfig
    public static final Setting<DataSourceKind> DATA_SOURCE = declare(Setting.of("data.source",
            choice(DataSourceKind.class), DataSourceKind.RING, c -> c.data().source()).identity(DataSourceKind.RING)
            .describesModel(DataSourceKind.RING));
    public static final Setting<Integer> DATA_DIM = declare(Setting.of("data.dim", INT, 2,
            c -> c.data().dim()).identity(DataConfig.SEED_DIM).describesModel(DataConfig.SEED_DIM));
    public static final Setting<Double> DATA_SCALE = declare(Setting.of("data.scale", DOUBLE, 200.0,
            c -> c.data().scale()).identity());
    public static final Setting<String> DATA_PATH = declare(Setting.of("data.path", WORD, "",
            c -> c.data().table().path()).identity(""));
    public static final Setting<TableFormat> DATA_FORMAT = declare(Setting.of("data.format", choice(TableFormat.class),
            TableFormat.AUTO, c -> c.data().table().format()));
    public static final Setting<List<String>> DATA_COLUMNS = declare(Setting.of("data.columns", NAMES, List.of(),
            c -> c.data().table().columns()).identity(List.of()).describesModel(List.of()));
    public static final Setting<Double> DATA_HOLDOUT = declare(Setting.of("data.holdout", DOUBLE, 0.1,
            c -> c.data().table().holdout()).identity(0.1));
    public static final Setting<Boolean> DATA_STANDARDIZE = declare(Setting.of("data.standardize", BOOLEAN, true,
            c -> c.data().table().standardize()).identity(true));
    public static final Setting<Boolean> DATA_DROP_INVALID = declare(Setting.of("data.dropInvalid", BOOLEAN, false,
            c -> c.data().table().dropInvalid()).identity(false));

    // sde: SdeConfig
    public static final Setting<SdeKind> SDE_KIND = declare(Setting.of("sde.kind", choice(SdeKind.class), SdeKind.VP,
            c -> c.sde().kind()).identity(SdeKind.VP).describesModel(SdeKind.VP));
    public static final Setting<Double> SDE_BETA_MIN = declare(Setting.of("sde.betaMin", DOUBLE, 0.1,
            c -> c.sde().betaMin()).identity().describesModel());
    public static final Setting<Double> SDE_BETA_MAX = declare(Setting.of("sde.betaMax", DOUBLE, 20.0,
            c -> c.sde().betaMax()).identity().describesModel());
    public static final Setting<Double> SDE_T = declare(Setting.of("sde.T", DOUBLE, 1.0, c -> c.sde().T()).identity()
            .describesModel());
    public static final Setting<Double> SDE_SIGMA_MIN = declare(Setting.of("sde.sigmaMin", DOUBLE, 0.01,
            c -> c.sde().sigmaMin()).identity(0.01).describesModel());
    public static final Setting<Double> SDE_SIGMA_MAX = declare(Setting.of("sde.sigmaMax", DOUBLE, 50.0,
            c -> c.sde().sigmaMax()).identity(50.0).describesModel());

    // model: ModelConfig
    public static final Setting<Integer> MODEL_WIDTH = declare(Setting.of("model.width", INT, 128,
            c -> c.model().width()).identity());
    public static final Setting<Integer> MODEL_DEPTH = declare(Setting.of("model.depth", INT, 6,
            c -> c.model().depth()).identity());
    public static final Setting<ActivationKind> MODEL_ACTIVATION = declare(Setting.of("model.activation",
            choice(ActivationKind.class), ActivationKind.RELU, c -> c.model().activation()).identity());
    public static final Setting<ScoreOutputKind> MODEL_OUTPUT = declare(Setting.of("model.output",
            choice(ScoreOutputKind.class), ScoreOutputKind.NOISE, c -> c.model().output()).identity()
            .describesModel(ModelConfig.SEED_OUTPUT));
    public static final Setting<TimeInputKind> MODEL_TIME_INPUT = declare(Setting.of("model.timeInput",
            choice(TimeInputKind.class), TimeInputKind.LOG_SNR, c -> c.model().timeInput()).identity()
            .describesModel(ModelConfig.SEED_TIME_INPUT));
    public static final Setting<InputScaleKind> MODEL_INPUT_SCALE = declare(Setting.of("model.inputScale",
            choice(InputScaleKind.class), ModelConfig.SEED_INPUT_SCALE, c -> c.model().inputScale()).identity()
            .describesModel(ModelConfig.SEED_INPUT_SCALE));

    // train: TrainConfig, LrScheduleConfig, CheckpointConfig, TimeSamplingConfig
    public static final Setting<Integer> TRAIN_STEPS = declare(Setting.of("train.steps", INT, 20000,
            c -> c.train().steps()));
    public static final Setting<Integer> TRAIN_BATCH_SIZE = declare(Setting.of("train.batchSize", INT, 5000,
            c -> c.train().batchSize()).identity());
    public static final Setting<Integer> TRAIN_WORKERS = declare(Setting.of("train.workers", COUNT_OR_AUTO,
            TrainConfig.AUTO_WORKERS, c -> c.train().workerCount()));
    public static final Setting<Integer> TRAIN_AVERAGING_FREQUENCY = declare(Setting.of("train.averagingFrequency",
            INT, 10, c -> c.train().averagingFrequency()));
    public static final Setting<TrainModeKind> TRAIN_MODE = declare(Setting.of("train.mode",
            choice(TrainModeKind.class), TrainModeKind.PARAMETER_AVERAGING, c -> c.train().mode()));
    public static final Setting<LossKind> TRAIN_LOSS = declare(Setting.of("train.loss", choice(LossKind.class),
            LossKind.DSM, c -> c.train().loss().kind()).identity(LossKind.DSM)
            .describesModel(LossKind.DSM));
    public static final Setting<Integer> TRAIN_SLICED_PROJECTIONS = declare(Setting.of("train.slicedProjections", INT,
            1, c -> c.train().loss().slicedProjections()).identity(1));
    public static final Setting<Double> TRAIN_LR = declare(Setting.of("train.lr", DOUBLE, 1e-3, c -> c.train().lr()));
    public static final Setting<LrScheduleKind> TRAIN_LR_SCHEDULE = declare(Setting.of("train.lrSchedule",
            choice(LrScheduleKind.class), LrScheduleKind.STEP, c -> c.train().lrSchedule().kind()));
    public static final Setting<Double> TRAIN_LR_MIN = declare(Setting.of("train.lrMin", DOUBLE, 1e-5,
            c -> c.train().lrSchedule().min()));
    public static final Setting<Integer> TRAIN_WARMUP_STEPS = declare(Setting.of("train.warmupSteps", INT, 0,
            c -> c.train().lrSchedule().warmupSteps()));
    public static final Setting<Integer> TRAIN_LR_STEP_EVERY = declare(Setting.of("train.lrStepEvery", INT, 15000,
            c -> c.train().lrSchedule().stepEvery()));
    public static final Setting<Double> TRAIN_LR_STEP_FACTOR = declare(Setting.of("train.lrStepFactor", DOUBLE, 0.25,
            c -> c.train().lrSchedule().stepFactor()));
    public static final Setting<Double> TRAIN_EMA_DECAY = declare(Setting.of("train.emaDecay", DOUBLE, 0.999,
            c -> c.train().emaDecay()).identity());
    public static final Setting<Integer> TRAIN_LOG_EVERY = declare(Setting.of("train.logEvery", INT, 1000,
            c -> c.train().logEvery()));
    public static final Setting<Integer> TRAIN_CHECKPOINT_EVERY = declare(Setting.of("train.checkpointEvery", INT,
            1000, c -> c.train().checkpoints().every()));
    public static final Setting<Integer> TRAIN_KEEP_CHECKPOINTS = declare(Setting.of("train.keepCheckpoints", INT, 2,
            c -> c.train().checkpoints().keep()));
    public static final Setting<TimeSamplingKind> TRAIN_T_SAMPLING = declare(Setting.of("train.tSampling",
            choice(TimeSamplingKind.class), TimeSamplingKind.EDM, c -> c.train().tSampling().kind()));
    public static final Setting<Double> TRAIN_T_MIN = declare(Setting.of("train.tMin", DOUBLE, 1e-5,
            c -> c.train().tSampling().tMin()));
    public static final Setting<Double> TRAIN_P_MEAN = declare(Setting.of("train.pMean", DOUBLE, -1.2,
            c -> c.train().tSampling().pMean()));
    public static final Setting<Double> TRAIN_P_STD = declare(Setting.of("train.pStd", DOUBLE, 1.2,
            c -> c.train().tSampling().pStd()));
    public static final Setting<Double> TRAIN_UNIFORM_MIX = declare(Setting.of("train.uniformMix", DOUBLE, 0.1,
            c -> c.train().tSampling().uniformMix()));

    // sample: SampleConfig, FewStepConfig, LogSnrBand
    public static final Setting<Long> SAMPLE_COUNT = declare(Setting.of("sample.count", LONG, 100_000L,
            c -> c.sample().count()));
    public static final Setting<Long> SAMPLE_MAX_COUNT = declare(Setting.of("sample.maxCount", LONG, 100_000_000L,
            c -> c.sample().maxCount()));
    public static final Setting<Integer> SAMPLE_PARTITIONS = declare(Setting.of("sample.partitions", INT, 2,
            c -> c.sample().partitions()));
    public static final Setting<Double> SAMPLE_DT = declare(Setting.of("sample.dt", DOUBLE, 5e-3, c -> c.sample().dt()));
    public static final Setting<Double> SAMPLE_GRID_POWER = declare(Setting.of("sample.gridPower", DOUBLE, 2.0,
            c -> c.sample().gridPower()));
    public static final Setting<Integer> SAMPLE_BATCH_SIZE = declare(Setting.of("sample.batchSize", INT, 10_000,
            c -> c.sample().batchSize()));
    public static final Setting<SamplerKind> SAMPLE_METHOD = declare(Setting.of("sample.method",
            choice(SamplerKind.class), SamplerKind.SDE_DPM_SOLVER_PP, c -> c.sample().method()));
    public static final Setting<WeightsKind> SAMPLE_WEIGHTS = declare(Setting.of("sample.weights",
            choice(WeightsKind.class), WeightsKind.EMA, c -> c.sample().weights()));
    public static final Setting<OdeSolverKind> SAMPLE_ODE_SOLVER = declare(Setting.of("sample.odeSolver",
            choice(OdeSolverKind.class), OdeSolverKind.DOPRI5, c -> c.sample().odeSolver()));
    public static final Setting<Double> SAMPLE_RTOL = declare(Setting.of("sample.rtol", DOUBLE, 1e-5,
            c -> c.sample().rtol()));
    public static final Setting<Double> SAMPLE_ATOL = declare(Setting.of("sample.atol", DOUBLE, 1e-5,
            c -> c.sample().atol()));
    public static final Setting<Double> SAMPLE_SNR = declare(Setting.of("sample.snr", DOUBLE, 0.16,
            c -> c.sample().snr()));
    public static final Setting<Integer> SAMPLE_STEPS = declare(Setting.of("sample.steps", INT, 200,
            c -> c.sample().fewStep().steps()));
    public static final Setting<StepScheduleKind> SAMPLE_SCHEDULE = declare(Setting.of("sample.schedule",
            choice(StepScheduleKind.class), StepScheduleKind.AUTO, c -> c.sample().fewStep().schedule()));
    public static final Setting<Double> SAMPLE_RHO = declare(Setting.of("sample.rho", DOUBLE, 7.0,
            c -> c.sample().fewStep().rho()));
    public static final Setting<Double> SAMPLE_T_MIN = declare(Setting.of("sample.tMin", DOUBLE, 1e-4,
            c -> c.sample().fewStep().tMin()));
    public static final Setting<Integer> SAMPLE_ORDER = declare(Setting.of("sample.order", INT, 2,
            c -> c.sample().fewStep().order()));
    public static final Setting<Double> SAMPLE_ETA = declare(Setting.of("sample.eta", DOUBLE, 1.0,
            c -> c.sample().fewStep().eta()));
    public static final Setting<Double> SAMPLE_ETA_NOISE_MIN = declare(Setting.of("sample.etaNoiseMin", DOUBLE, 0.0,
            c -> c.sample().fewStep().etaNoiseMin()));
    public static final Setting<Double> SAMPLE_BAND_FROM = declare(Setting.of("sample.bandFrom", DOUBLE, 0.5,
            c -> c.sample().fewStep().band().from()));
    public static final Setting<Double> SAMPLE_BAND_TO = declare(Setting.of("sample.bandTo", DOUBLE, 4.5,
            c -> c.sample().fewStep().band().to()));
    public static final Setting<Double> SAMPLE_BAND_DENSITY = declare(Setting.of("sample.bandDensity", DOUBLE, 3.0,
            c -> c.sample().fewStep().band().density()));

    // eval: EvalConfig
    public static final Setting<Integer> EVAL_DIRECTIONS = declare(Setting.of("eval.directions", INT, 256,
            c -> c.eval().directions()));
    public static final Setting<Integer> EVAL_FLOOR_DRAWS = declare(Setting.of("eval.floorDraws", INT, 3,
            c -> c.eval().floorDraws()));
    public static final Setting<Integer> EVAL_GROUPS = declare(Setting.of("eval.groups", INT, 1,
            c -> c.eval().groups()));
    public static final Setting<Integer> EVAL_NLL_COUNT = declare(Setting.of("eval.nllCount", INT, 10_000,
            c -> c.eval().nllCount()));
    public static final Setting<Double> EVAL_NLL_TOLERANCE = declare(Setting.of("eval.nllTolerance", DOUBLE, 1e-5,
            c -> c.eval().nllTolerance()));
    public static final Setting<TraceKind> EVAL_NLL_TRACE = declare(Setting.of("eval.nllTrace",
            choice(TraceKind.class), TraceKind.AUTO, c -> c.eval().nllTrace()));
    public static final Setting<Integer> EVAL_NLL_PROBES = declare(Setting.of("eval.nllProbes", INT, 4,
            c -> c.eval().nllProbes()));

    // stall: StallConfig
    public static final Setting<Double> STALL_FIRST_SECONDS = declare(Setting.of("stall.firstSeconds", DOUBLE, 900.0,
            c -> c.stall().firstSeconds()));
    public static final Setting<Double> STALL_FACTOR = declare(Setting.of("stall.factor", DOUBLE, 20.0,
            c -> c.stall().factor()));
    public static final Setting<Double> STALL_STOP_FACTOR = declare(Setting.of("stall.stopFactor", DOUBLE, 4.0,
            c -> c.stall().stopFactor()));
    public static final Setting<Double> STALL_EXECUTOR_SECONDS = declare(Setting.of("stall.executorSeconds", DOUBLE,
            600.0, c -> c.stall().executorSeconds()));

    /** Every setting, in the order declared above: run.json's order. */
    public static final List<Setting<?>> ALL = List.copyOf(DECLARED);

    private static <T> Setting<T> declare(Setting<T> setting) {
        DECLARED.add(setting);
        return setting;
    }

    /** Keys whose change alters the model being trained or its data, in table order. */
    public static List<String> trainingIdentity() {
        return ALL.stream().filter(Setting::inIdentity).map(Setting::key).toList();
    }

    /**
     * The settings that describe what a saved network means beyond its layers, in table order: what a model folder
     * records and is read only under.
     */
    public static List<Setting<?>> describingModel() {
        return ALL.stream().filter(Setting::model).toList();
    }

    /** Identity keys that checkpoints of earlier versions do not record, with the only value those versions had. */
    public static Map<String, Object> identityUnrecordedEarlier() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Setting<?> s : ALL) {
            s.plainEarlier().ifPresent(was -> m.put(s.key(), was));
        }
        return Collections.unmodifiableMap(m);
    }
}
