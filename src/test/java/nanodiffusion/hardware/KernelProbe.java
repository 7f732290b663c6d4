package nanodiffusion.hardware;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Run in a fresh JVM by {@link BlasCoreProcessTest}: makes the core choice as the entry point does, loads ND4J,
 * and prints the choice, the core OpenBLAS then runs, and the largest error of its products in the shapes of a
 * training step (every transpose combination) against a double-precision sum.
 */
public final class KernelProbe {
    private KernelProbe() {
    }

    public static void main(String[] args) {
        BlasCore.Choice choice = BlasCore.prepare();
        Nd4j.create(1);
        BlasCore.InUse inUse = BlasCore.inUse().orElseThrow(() -> new IllegalStateException("OpenBLAS not loaded"));
        System.out.println("choice=" + choice.core());
        System.out.println("core=" + inUse.core());
        System.out.println("error=" + worstRelativeError());
    }

    /** max over sampled entries of |C - A B| / sum_k |a_ik b_kj|. */
    static double worstRelativeError() {
        SplittableRandom rng = new SplittableRandom(1);
        int[][] shapes = {{5000, 64, 64}, {2500, 64, 3}, {5000, 2, 64}, {64, 64, 5000}, {3, 64, 2500}, {64, 2, 5000},
                {777, 333, 555}};
        double worst = 0;
        for (int[] s : shapes) {
            for (int ta = 0; ta < 2; ta++) {
                for (int tb = 0; tb < 2; tb++) {
                    worst = Math.max(worst, check(s[0], s[1], s[2], ta == 1, tb == 1, rng));
                }
            }
        }
        return worst;
    }

    private static double check(int m, int n, int k, boolean ta, boolean tb, SplittableRandom rng) {
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rng.nextDouble() - 0.5);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (rng.nextDouble() - 0.5);
        }
        float[] c = new float[m * n];
        try (FloatPointer pa = new FloatPointer(a); FloatPointer pb = new FloatPointer(b);
             FloatPointer pc = new FloatPointer((long) m * n)) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasColMajor,
                    ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    m, n, k, 1f, pa, ta ? k : m, pb, tb ? n : k, 0f, pc, m);
            pc.get(c);
        }
        double worst = 0;
        for (int t = 0; t < 500; t++) {
            int i = rng.nextInt(m);
            int j = rng.nextInt(n);
            double exact = 0;
            double magnitude = 0;
            for (int q = 0; q < k; q++) {
                double p = (ta ? a[q + i * k] : a[i + q * m]) * (double) (tb ? b[j + q * n] : b[q + j * k]);
                exact += p;
                magnitude += Math.abs(p);
            }
            worst = Math.max(worst, Math.abs(c[i + j * m] - exact) / magnitude);
        }
        return worst;
    }
}
