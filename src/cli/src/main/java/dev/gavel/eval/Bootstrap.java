package dev.gavel.eval;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile-method bootstrap: resample item indices with replacement, recompute the statistic,
 * and take the (1-level)/2 and (1+level)/2 quantiles of the results. Seeded, so a report is
 * reproducible; resamples on which the statistic is undefined (NaN, e.g. a correlation of a
 * constant resample) are left out and counted.
 *
 * @param resamples number of resamples (at least 1)
 * @param level     coverage in (0, 1), usually 0.95
 * @param seed      random seed
 */
public record Bootstrap(int resamples, double level, long seed) {
    public Bootstrap {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
    }

    /** 95% intervals from 1000 resamples with the given seed. */
    public static Bootstrap of95(long seed) {
        return new Bootstrap(1000, 0.95, seed);
    }

    /**
     * Interval of a statistic over {@code n} items.
     *
     * @param statistic computes the statistic from the indices of a sample (with repetitions)
     */
    public ConfidenceInterval interval(int n, ToDoubleFunction<int[]> statistic) {
        if (n < 1) {
            throw new IllegalArgumentException("bootstrap over an empty sample");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int defined = 0;
        int[] sample = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
            }
            double v = statistic.applyAsDouble(sample);
            if (!Double.isNaN(v)) {
                values[defined++] = v;
            }
        }
        if (defined == 0) {
            return new ConfidenceInterval(Double.NaN, Double.NaN, level, resamples, 0);
        }
        double[] kept = Arrays.copyOf(values, defined);
        // R-7 is the linear interpolation numpy.percentile uses, so bounds match common Python tooling
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(kept);
        return new ConfidenceInterval(p.evaluate(50 * (1 - level)), p.evaluate(50 * (1 + level)), level, resamples, defined);
    }

    /** Picks the entries of {@code values} at the sampled indices. */
    public static int[] pick(int[] values, int[] sample) {
        int[] out = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            out[i] = values[sample[i]];
        }
        return out;
    }

    /** Picks the entries of {@code values} at the sampled indices. */
    public static double[] pick(double[] values, int[] sample) {
        double[] out = new double[sample.length];
        for (int i = 0; i < sample.length; i++) {
            out[i] = values[sample[i]];
        }
        return out;
    }
}
