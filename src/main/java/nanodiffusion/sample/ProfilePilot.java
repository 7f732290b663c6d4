package nanodiffusion.sample;

import nanodiffusion.config.LogSnrBand;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.StepScheduleKind;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.sde.DenoisingProfile;
import nanodiffusion.sde.DpmSolverPlusPlus;
import nanodiffusion.sde.GaussianNoise;
import nanodiffusion.sde.ScoreFunction;
import nanodiffusion.sde.Sde;
import nanodiffusion.sde.StepTimes;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sample.schedule = profile}'s measurement, made once on the driver before the sampling job: the model draws
 * {@link #POINTS} samples of its own with the recipe's 200-evaluation reverse-SDE solver (sde-dpm-solver++ 2M on a
 * log-SNR grid to tMin = 1e-4), and the {@link DenoisingProfile} of those points is measured between T and the
 * configured sample.tMin; its {@link DenoisingProfile#band} is the schedule's band (with sample.bandDensity). It
 * depends only on the model and the run's seed (its own random stream), and every task gets the one measured here,
 * so the samples do not depend on how the ids are split: the tasks get the band, as log-snr-band's.
 */
final class ProfilePilot {
    static final int POINTS = 2000;
    private static final int PILOT_STEPS = 200;
    private static final double PILOT_T_MIN = 1e-4;
    private static final Logger LOG = LoggerFactory.getLogger(ProfilePilot.class);

    private ProfilePilot() {
    }

    /** The band the steps of {@code config} take from the measured profile: its upper half, sample.bandDensity inside. */
    static LogSnrBand band(ScoreFunction score, Sde sde, RunConfig config) {
        long start = System.nanoTime();
        int dim = score.dim();
        ContinuousSampler gaussian = ZigguratSampler.NormalizedGaussian.of(
                RandomStreams.open(config.seed(), RandomStreams.Domain.PROFILE));
        GaussianNoise noise = (z, n) -> {
            for (int i = 0; i < dim * n; i++) {
                z[i] = gaussian.sample();
            }
        };
        double[] x = new double[dim * POINTS];
        sde.drawPrior(x, POINTS, dim, noise);
        new DpmSolverPlusPlus(sde, StepTimes.of(sde, StepScheduleKind.LOG_SNR, PILOT_STEPS, PILOT_T_MIN, 7, 2, null),
                2, 1.0).integrate(x, POINTS, score, noise);
        double horizon = sde.horizon();
        DenoisingProfile profile = DenoisingProfile.measure(sde, score, x, POINTS, sde.logSnr(horizon),
                sde.logSnr(config.sample().fewStep().tMin() * horizon), noise);
        StringBuilder quantiles = new StringBuilder();
        for (double q : new double[]{0.05, 0.25, 0.5, 0.75, 0.95}) {
            double lambda = profile.lambdaOfShare(q);
            quantiles.append(String.format(" %.2f at log-SNR %.2f (sigma/alpha %.3g);", q, lambda, Math.exp(-lambda)));
        }
        LogSnrBand band = profile.band(config.sample().fewStep().band().density());
        LOG.info("sample.schedule = profile: the denoising profile of {} of the model's own samples at {} noise levels,"
                        + " measured in {} ms; its share reaches{} the band: log-SNR {} to {} (sigma/alpha {} to {}),"
                        + " {} times the steps per unit inside", POINTS, DenoisingProfile.LEVELS,
                (System.nanoTime() - start) / 1_000_000, quantiles, String.format("%.2f", band.from()),
                String.format("%.2f", band.to()), String.format("%.3g", Math.exp(-band.from())),
                String.format("%.3g", Math.exp(-band.to())), band.density());
        return band;
    }
}
