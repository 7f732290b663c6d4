package nanodiffusion.config;

/**
 * How the workers' training is combined: parameter averaging inside one barrier job, rounds averaged on the driver
 * over Spark's RPC (parameter-averaging), or DL4J's ParameterAveragingTrainingMaster, one Spark job per round
 * (dl4j-parameter-averaging). Both average the parameters and Adam state every train.averagingFrequency steps.
 */
public enum TrainModeKind implements ConfigChoice {
    PARAMETER_AVERAGING, DL4J_PARAMETER_AVERAGING
}
