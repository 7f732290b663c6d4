package nanodiffusion.sde;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.DataSourceKind;
import nanodiffusion.config.RunConfig;
import nanodiffusion.data.PerSampleNoise;
import nanodiffusion.data.DataSources;
import nanodiffusion.eval.ExactLaw;
import nanodiffusion.eval.ExactWasserstein;
import nanodiffusion.eval.PointCloud;
import nanodiffusion.eval.QualityFloors;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.Skewness;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * A sampler's own radial error at scale: the configured sampler given the exact score ({@link RingScore}) instead of
 * a network, scored as `evaluate` scores the radius law - radial W1 against the exact law, over the mean of
 * eval.floorDraws exact draws of the same size (the perfect sampler's score) - with the radius's mean, std and skewness. With no
 * model error in it, what it reports is the part of a trained model's radial ratio no training can remove. Run from
 * a built checkout (docs/quality.md):
 * <pre>
 *   java -cp target/classes:target/test-classes:$(cat target/local-classpath.txt) nanodiffusion.sde.ExactRingDraws \
 *       COUNT DRAWS [--conf FILE]... [key=value]...
 * </pre>
 * Draw d uses the sampling streams of seed + d, as `sample --set seed=...` would; the floors are evaluate's exact draws ({@link QualityFloors#exactDraw}).
 * <p>
 * {@code --corners}: the ring with the seed ring's kind of angle law instead ({@link CornerRing#SEED_LIKE}, its exact
 * score and its own exact draws as floors), scored on the angle law too - angular W1 against its exact law - so a
 * sampler's own error on the angle law shows.
 */
public final class ExactRingDraws {
    private static final int BATCH = 50_000;

    private ExactRingDraws() {
    }

    private static double meanCos(double[] angles, int harmonic) {
        double sum = 0;
        for (double a : angles) {
            sum += Math.cos(harmonic * a);
        }
        return sum / angles.length;
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ExactRingDraws COUNT DRAWS [--corners] [--conf FILE]... [key=value]...");
            System.exit(2);
        }
        int count = Integer.parseInt(args[0]);
        int draws = Integer.parseInt(args[1]);
        List<File> files = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        boolean corners = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--conf")) {
                files.add(new File(args[++i]));
            } else if (args[i].equals("--corners")) {
                corners = true;
            } else {
                overrides.add(args[i]);
            }
        }
        RunConfig config = ConfigLoader.loadFiles(files, overrides);
        double k = config.data().scale();
        CornerRing ring = CornerRing.SEED_LIKE;
        if (config.data().source() != DataSourceKind.RING || config.data().dim() != 2 || (corners && k != ring.k())) {
            System.err.println("ExactRingDraws knows the score of the 2D ring only (with --corners, data.scale = "
                    + ring.k() + "): data.source = " + config.data().source().configName() + ", data.dim = "
                    + config.data().dim() + ", data.scale = " + k);
            System.exit(2);
        }
        Sde sde = Sde.of(config.sde());
        Sampler sampler = Samplers.of(config.sample(), sde, config.sampleSteps());
        ExactLaw law = ExactLaw.ringRadius(k);
        ExactLaw angles = corners ? ring.angleLaw() : null;
        int floorDraws = config.eval().floorDraws();
        double floor = 0;
        double angularFloor = 0;
        for (int f = 0; f < floorDraws; f++) {
            PointCloud exact = corners // streams of their own: the sampling draws use seed + d
                    ? PointCloud.interleaved(ring.draw(count, config.seed() * 1_000_003L + 1000 + f), 2)
                    : QualityFloors.exactDraw(DataSources.of(config.data()), config.seed(), f, count);
            floor += ExactWasserstein.distance(exact.radii(), law) / floorDraws;
            if (corners) {
                angularFloor += ExactWasserstein.distance(exact.angles(), angles) / floorDraws;
            }
        }
        ScoreFunction score = corners ? ring.score(sde) : new RingScore(k, sde);
        double sum = 0;
        double angularSum = 0;
        for (int d = 0; d < draws; d++) {
            long start = System.nanoTime();
            double[] points = new double[2 * count];
            for (int first = 0; first < count; first += BATCH) {
                int n = Math.min(BATCH, count - first);
                PerSampleNoise noise = new PerSampleNoise(config.seed() + d, first, n, 2);
                double[] x = new double[2 * n];
                sde.drawPrior(x, n, 2, noise);
                sampler.integrate(x, n, score, noise);
                System.arraycopy(x, 0, points, 2 * first, 2 * n);
            }
            PointCloud cloud = PointCloud.interleaved(points, 2);
            double[] r = cloud.radii();
            double w = ExactWasserstein.distance(r, law);
            sum += w;
            String angular = "";
            if (corners) {
                double[] theta = cloud.angles();
                double a = ExactWasserstein.distance(theta, angles);
                angularSum += a;
                angular = String.format("; angular W1 %.3e, ratio %.2f, E cos 4theta %.5f (exact %.5f), E cos 8theta"
                        + " %.5f (%.5f)", a, a / angularFloor, meanCos(theta, 4), ring.harmonic(1), meanCos(theta, 8),
                        ring.harmonic(2));
            }
            // population std as evaluate's std_r; bias-corrected skewness as its radius_skewness
            System.out.printf("draw %d: radial W1 %.3e, ratio %.2f%s; mean r %.5f, std r %.5f, skewness %.4f (%.0f s)%n",
                    d, w, w / floor, angular, new Mean().evaluate(r), new StandardDeviation(false).evaluate(r),
                    new Skewness().evaluate(r), (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("%s, %d draws of %d: radial ratio %.2f (mean W1 %.3e over the floor %.3e of %d exact draws);"
                        + " exact law: mean r 1, std r %.5f, skewness %.4f%n", config.sample().method().configName(), draws,
                count, sum / draws / floor, sum / draws, floor, floorDraws, 1 / Math.sqrt(k), 2 / Math.sqrt(k));
        if (corners) {
            System.out.printf("angular ratio %.2f (mean W1 %.3e over the floor %.3e)%n", angularSum / draws / angularFloor,
                    angularSum / draws, angularFloor);
        }
    }
}
