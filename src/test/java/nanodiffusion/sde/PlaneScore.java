package nanodiffusion.sde;

import java.util.stream.IntStream;

/** An exact score in the plane, computed point by point ({@link #at}) over the cores of this JVM. */
interface PlaneScore extends ScoreFunction {
    Sde sde();

    /** The score at (x, y) under noise alpha, sigma, written to out[offset] and out[offset + 1]. */
    void at(double x, double y, double alpha, double sigma, double[] out, int offset);

    @Override
    default int dim() {
        return 2;
    }

    @Override
    default void evaluate(double[] x, int n, double t, double[] out) {
        double alpha = sde().alpha(t);
        double sigma = sde().sigma(t);
        IntStream.range(0, n).parallel().forEach(i -> at(x[2 * i], x[2 * i + 1], alpha, sigma, out, 2 * i));
    }
}
