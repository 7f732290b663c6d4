package nanodiffusion.sde;

/** The Euclidean norm of one point of an interleaved batch, computed the same way wherever a norm is needed. */
public final class Euclidean {
    private Euclidean() {
    }

    /**
     * |v[offset .. offset + dim - 1]|. In 2D this is {@link Math#hypot}, which the 2D code has always used, so 2D
     * results stay bit for bit what they were; in other dimensions the square root of the sum of squares.
     */
    public static double norm(double[] v, int offset, int dim) {
        if (dim == 2) {
            return Math.hypot(v[offset], v[offset + 1]);
        }
        double sum = 0;
        for (int c = 0; c < dim; c++) {
            double x = v[offset + c];
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}
