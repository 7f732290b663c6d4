package nanodiffusion.sweep;

import nanodiffusion.config.ConfigChoice;

/**
 * How a sweep runs its trials: each as a full parameter-averaging run across the executors (several at once from
 * driver threads), or each as one Spark task training a whole model on one executor core.
 */
public enum SweepMode implements ConfigChoice {
    DISTRIBUTED,
    TRIAL_PARALLEL
}
