package dev.gavel.engine;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks one token from a logits row under {@link SamplingParams}, among the whole vocabulary minus
 * a few banned ids, or one index by weight (a choice's token groups). Owns the request's
 * random stream and a reusable candidate buffer, so steady-state steps allocate nothing.
 *
 * <p>Whole-vocabulary passes iterate over the gaps between banned ids, so banning costs nothing
 * per token. Candidates are held as {@code long} keys (logit, descending; then id, ascending)
 * so a primitive sort orders them with deterministic tie-breaking and no boxing. For top-p over the
 * whole vocabulary the pass computing the normaliser also bins the mass by logit band; only the
 * tokens of the bands needed to reach the requested mass are collected and sorted, and the nucleus
 * is then exactly as if everything had been sorted.
 */
final class TokenSampler {

    static final ValueLayout.OfFloat LOGIT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final SamplingParams params;
    private static final int BANDS_PER_NAT = 8;
    private static final int BANDS = 64 * BANDS_PER_NAT;

    private final SplittableRandom random;
    private long[] keys = new long[64];
    private int count;
    /** Softmax mass per logit band below the maximum, for top-p; see {@link #sumExpWithHistogram}. */
    private final double[] bandMass;

    TokenSampler(SamplingParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
        this.bandMass = params.topP() < 1f ? new double[BANDS] : null;
    }

    /** Chooses among ids {@code [0, vocab)} except {@code banned} (sorted, distinct). */
    int pickFromVocabulary(MemorySegment logits, int vocab, int[] banned) {
        if (params.isGreedy()) {
            return argmax(logits, vocab, banned);
        }
        int topK = params.topK();
        if (topK > 0 && topK < vocab - banned.length) {
            selectTopK(logits, vocab, banned, topK);
            sortKeys();
            float best = logit(keys[0]);
            return best == Float.NEGATIVE_INFINITY ? id(keys[0]) : chain(best, sumExp(best));
        }
        float max = max(logits, vocab, banned);
        if (max == Float.NEGATIVE_INFINITY) {
            return argmax(logits, vocab, banned);
        }
        if (params.topP() < 1f) {
            double z = sumExpWithHistogram(logits, vocab, banned, max);
            collectNucleusCandidates(logits, vocab, banned, max, z * params.topP());
            sortKeys();
            return chain(max, z);
        }
        if (params.minP() > 0f) {
            collectAtLeast(logits, vocab, banned, max + (float) Math.log(params.minP()));
            sortKeys();
            return chain(max, Double.NaN);
        }
        return drawWithTemperature(logits, vocab, banned, max);
    }

    boolean isGreedy() {
        return params.isGreedy();
    }

    /**
     * Chooses an index in {@code [0, n)} with probability following {@code weights} (unnormalised
     * probabilities, e.g. the masses of a choice's token groups), the sampling settings applying to
     * them as they would to a softmax's tokens: top-k, top-p, min-p, then temperature. Greedy: the
     * largest weight, ties to the lowest index. Uses this request's random stream.
     */
    int pickWeighted(double[] weights, int n) {
        ensureCapacity(n);
        for (int i = 0; i < n; i++) {
            keys[i] = key(weights[i] > 0 ? (float) Math.log(weights[i]) : Float.NEGATIVE_INFINITY, i);
        }
        count = n;
        sortKeys();
        float max = logit(keys[0]);
        if (params.isGreedy() || max == Float.NEGATIVE_INFINITY) {
            return id(keys[0]);
        }
        if (params.topK() > 0 && params.topK() < count) {
            count = params.topK();
        }
        return chain(max, sumExp(max));
    }

    /**
     * Top-p, min-p, temperature and the draw over the sorted candidates. {@code z} is the softmax
     * normaliser (relative to {@code max}) that top-p measures mass against: the whole vocabulary's
     * when top-k did not run, the survivors' otherwise; NaN when top-p does not apply.
     */
    private int chain(float max, double z) {
        int keep = count;
        if (params.topP() < 1f && !Double.isNaN(z)) {
            double target = params.topP() * z;
            double cumulative = 0;
            for (int i = 0; i < count; i++) {
                cumulative += FastExp.exp(logit(keys[i]) - max);
                if (cumulative >= target) {
                    keep = i + 1;
                    break;
                }
            }
        }
        if (params.minP() > 0f) {
            float threshold = max + (float) Math.log(params.minP());
            int j = 1;
            while (j < keep && logit(keys[j]) >= threshold) {
                j++;
            }
            keep = j;
        }
        double inverseTemperature = 1.0 / params.temperature();
        double total = 0;
        for (int i = 0; i < keep; i++) {
            total += FastExp.exp((logit(keys[i]) - max) * inverseTemperature);
        }
        double u = random.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < keep; i++) {
            cumulative += FastExp.exp((logit(keys[i]) - max) * inverseTemperature);
            if (u < cumulative) {
                return id(keys[i]);
            }
        }
        return id(keys[keep - 1]);
    }

    private double sumExp(float max) {
        double z = 0;
        for (int i = 0; i < count; i++) {
            z += FastExp.exp(logit(keys[i]) - max);
        }
        return z;
    }

    // ---- whole-vocabulary passes, each iterating the gaps between banned ids ----

    static int argmax(MemorySegment logits, int vocab, int[] banned) {
        int best = -1;
        float bestLogit = Float.NEGATIVE_INFINITY;
        int start = 0;
        for (int b = 0; b <= banned.length; b++) {
            int end = b < banned.length ? banned[b] : vocab;
            for (int i = start; i < end; i++) {
                float x = logits.getAtIndex(LOGIT, i);
                if (x > bestLogit) {
                    bestLogit = x;
                    best = i;
                }
            }
            start = end + 1;
        }
        return best >= 0 ? best : firstNotBanned(vocab, banned);
    }

    private static int firstNotBanned(int vocab, int[] banned) {
        int t = 0;
        for (int b : banned) {
            if (b != t) {
                break;
            }
            t++;
        }
        if (t >= vocab) {
            throw new IllegalStateException("every token is banned");
        }
        return t;
    }

    static float max(MemorySegment logits, int vocab, int[] banned) {
        float max = Float.NEGATIVE_INFINITY;
        int start = 0;
        for (int b = 0; b <= banned.length; b++) {
            int end = b < banned.length ? banned[b] : vocab;
            for (int i = start; i < end; i++) {
                float x = logits.getAtIndex(LOGIT, i);
                if (x > max) {
                    max = x;
                }
            }
            start = end + 1;
        }
        return max;
    }

    /**
     * Natural log of the softmax normaliser over the whole row, in one pass: the running maximum is
     * carried along and the partial sum rescaled when it grows, so no term overflows.
     */
    static double logSumExp(MemorySegment logits, int vocab) {
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            float x = logits.getAtIndex(LOGIT, i);
            if (x > max) {
                sum = sum * FastExp.exp(max - x) + 1.0;
                max = x;
            } else if (x > Float.NEGATIVE_INFINITY) {
                sum += FastExp.exp(x - max);
            }
        }
        return max + Math.log(sum);
    }

    private int drawWithTemperature(MemorySegment logits, int vocab, int[] banned, float max) {
        double inverseTemperature = 1.0 / params.temperature();
        double total = 0;
        int start = 0;
        for (int b = 0; b <= banned.length; b++) {
            int end = b < banned.length ? banned[b] : vocab;
            for (int i = start; i < end; i++) {
                total += FastExp.exp((logits.getAtIndex(LOGIT, i) - max) * inverseTemperature);
            }
            start = end + 1;
        }
        double u = random.nextDouble() * total;
        double cumulative = 0;
        int last = -1;
        start = 0;
        for (int b = 0; b <= banned.length; b++) {
            int end = b < banned.length ? banned[b] : vocab;
            for (int i = start; i < end; i++) {
                cumulative += FastExp.exp((logits.getAtIndex(LOGIT, i) - max) * inverseTemperature);
                if (u < cumulative) {
                    return i;
                }
                last = i;
            }
            start = end + 1;
        }
        return last >= 0 ? last : firstNotBanned(vocab, banned);
    }

    /** Keeps the k best in {@code keys[0, k)} through a heap whose root is the worst kept. */
    private void selectTopK(MemorySegment logits, int vocab, int[] banned, int k) {
        ensureCapacity(k);
        count = 0;
        float worst = Float.NEGATIVE_INFINITY;
        int start = 0;
        for (int b = 0; b <= banned.length; b++) {
            int end = b < banned.length ? banned[b] : vocab;
            int i = start;
            for (; i < end && count < k; i++) {
                keys[count] = key(logits.getAtIndex(LOGIT, i), i);
                siftUp(count++);
                worst = logit(keys[0]);
            }
            // the common case is a rejected token: keep this loop to one load and one compare
            for (; i < end; i++) {
                float x = logits.getAtIndex(LOGIT, i);
                if (x > worst) {
                    // ids come in ascending order, so an equal logit never beats a kept token
                    worst = replaceWorst(x, i, k);
                }
            }
            start = end + 1;
        }
    }

    private float replaceWorst(float x, int id, int k) {
        keys[0] = key(x, id);
        siftDown(0, k);
        return logit(keys[0]);
    }

    private void siftUp(int i) {
        long v = keys[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] >= v) {
                break;
            }
            keys[i] = keys[parent];
            i = parent;
        }
        keys[i] = v;
    }

    private void siftDown(int i, int n) {
        long v = keys[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && keys[child + 1] > keys[child]) {
                child++;
            }
            if (keys[child] <= v) {
                break;
            }
            keys[i] = keys[child];
            i = child;
        }
        keys[i] = v;
    }

    /**
     * The softmax normaliser relative to {@code max}, and, in the same pass, the mass per band of
     * {@code 1 / BANDS_PER_NAT} nats below the maximum, so the nucleus can be bounded without sorting.
     */
    private double sumExpWithHistogram(MemorySegment logits, int vocab, int[] banned, float max) {
        Arrays.fill(bandMass, 0);
        double z = 0;
        int start = 0;
        for (int b = 0; b <= banned.length; b++) {
            int end = b < banned.length ? banned[b] : vocab;
            for (int i = start; i < end; i++) {
                float x = logits.getAtIndex(LOGIT, i);
                double e = FastExp.exp(x - max);
                z += e;
                bandMass[band(max, x)] += e;
            }
            start = end + 1;
        }
        return z;
    }

    private static int band(float max, float x) {
        float depth = (max - x) * BANDS_PER_NAT;
        // also maps -inf and NaN logits to the last band
        return depth < BANDS - 1 ? (int) depth : BANDS - 1;
    }

    /**
     * Collects the tokens of the top bands that together hold {@code targetMass}: a superset of the
     * nucleus (all tokens at least as likely as its weakest member) that is usually far smaller than
     * the vocabulary.
     */
    private void collectNucleusCandidates(MemorySegment logits, int vocab, int[] banned, float max,
                                          double targetMass) {
        int lastBand = BANDS - 1;
        double cumulative = 0;
        for (int b = 0; b < BANDS; b++) {
            cumulative += bandMass[b];
            if (cumulative >= targetMass) {
                lastBand = b;
                break;
            }
        }
        count = 0;
        int start = 0;
        for (int b = 0; b <= banned.length; b++) {
            int end = b < banned.length ? banned[b] : vocab;
            for (int i = start; i < end; i++) {
                float x = logits.getAtIndex(LOGIT, i);
                if (band(max, x) <= lastBand) {
                    if (count == keys.length) {
                        keys = Arrays.copyOf(keys, Math.min(vocab, count * 2));
                    }
                    keys[count++] = key(x, i);
                }
            }
            start = end + 1;
        }
    }

    /** Collects the tokens whose logit is at least {@code threshold}. */
    private void collectAtLeast(MemorySegment logits, int vocab, int[] banned, float threshold) {
        count = 0;
        int start = 0;
        for (int b = 0; b <= banned.length; b++) {
            int end = b < banned.length ? banned[b] : vocab;
            for (int i = start; i < end; i++) {
                float x = logits.getAtIndex(LOGIT, i);
                if (x >= threshold) {
                    if (count == keys.length) {
                        keys = Arrays.copyOf(keys, Math.min(vocab, count * 2));
                    }
                    keys[count++] = key(x, i);
                }
            }
            start = end + 1;
        }
    }

    /**
     * Sorts {@code keys[0, count)} ascending in place. {@link Arrays#sort(long[], int, int)} may
     * allocate merge buffers for large ranges; this introsort never does, and keys are distinct, so
     * any correct sort gives the same order.
     */
    private void sortKeys() {
        sortAscending(keys, count);
    }

    /** Sorts {@code a[0, n)} ascending in place without allocating. */
    static void sortAscending(long[] a, int n) {
        introsort(a, 0, n - 1, 2 * (32 - Integer.numberOfLeadingZeros(Math.max(n, 1))));
    }

    private static void introsort(long[] a, int lo, int hi, int depth) {
        while (hi - lo > 16) {
            if (depth-- == 0) {
                heapsort(a, lo, hi);
                return;
            }
            int mid = (lo + hi) >>> 1;
            // median of three as pivot
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            long pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            // recurse into the smaller side, loop on the larger: bounded stack depth
            if (j - lo < hi - i) {
                introsort(a, lo, j, depth);
                lo = i;
            } else {
                introsort(a, i, hi, depth);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            long v = a[i];
            int j = i - 1;
            while (j >= lo && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** Fallback of the introsort when partitioning degenerates; sorts {@code a[lo, hi]}. */
    static void heapsort(long[] a, int lo, int hi) {
        int n = hi - lo + 1;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDownFrom(a, lo, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(a, lo, lo + end);
            siftDownFrom(a, lo, 0, end);
        }
    }

    private static void siftDownFrom(long[] a, int base, int i, int n) {
        long v = a[base + i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && a[base + child + 1] > a[base + child]) {
                child++;
            }
            if (a[base + child] <= v) {
                break;
            }
            a[base + i] = a[base + child];
            i = child;
        }
        a[base + i] = v;
    }

    private static void swap(long[] a, int x, int y) {
        long t = a[x];
        a[x] = a[y];
        a[y] = t;
    }

    private void ensureCapacity(int n) {
        if (keys.length < n) {
            keys = new long[Math.max(n, keys.length * 2)];
        }
    }

    // ---- candidate keys: ascending key order = descending logit, then ascending id ----

    static long key(float logit, int id) {
        int bits = Float.floatToRawIntBits(logit);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~sortable << 32) | (id & 0xffffffffL);
    }

    static float logit(long key) {
        int sortable = ~(int) (key >>> 32);
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
    }

    static int id(long key) {
        return (int) key;
    }
}
