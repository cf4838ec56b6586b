package dev.gavel.engine;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenSamplerTest {

    private static final int[] NONE = new int[0];

    private static MemorySegment row(float... logits) {
        return MemorySegment.ofArray(logits);
    }

    /** Probabilities 0.5, 0.3, 0.15, 0.05 on ids 0..3, nothing elsewhere. */
    private static float[] fourWay(int vocab) {
        float[] l = new float[vocab];
        java.util.Arrays.fill(l, Float.NEGATIVE_INFINITY);
        l[0] = (float) Math.log(0.5);
        l[1] = (float) Math.log(0.3);
        l[2] = (float) Math.log(0.15);
        l[3] = (float) Math.log(0.05);
        return l;
    }

    private static Set<Integer> sampledIds(SamplingParams base, float[] logits, int draws) {
        Set<Integer> seen = new TreeSet<>();
        for (int s = 0; s < draws; s++) {
            TokenSampler sampler = new TokenSampler(new SamplingParams(base.temperature(), base.topK(),
                    base.topP(), base.minP(), s));
            seen.add(sampler.pickFromVocabulary(row(logits), logits.length, NONE));
        }
        return seen;
    }

    @Test
    void greedyTakesArgmaxAndBreaksTiesByLowestId() {
        TokenSampler greedy = new TokenSampler(SamplingParams.greedy());
        assertEquals(2, greedy.pickFromVocabulary(row(1f, 3f, 5f, 5f, 4f), 5, NONE));
        assertEquals(3, greedy.pickFromVocabulary(row(1f, 3f, 5f, 5f, 4f), 5, new int[] {2}));
        assertEquals(4, greedy.pickFromVocabulary(row(1f, 3f, 5f, 5f, 4f), 5, new int[] {2, 3}));
        assertEquals(1, greedy.pickWeighted(new double[] {0.1, 0.4, 0.4, 0.1}, 4));
        assertEquals(2, greedy.pickWeighted(new double[] {0.1, 0.4, 0.5, 0.0}, 3));
    }

    @Test
    void weightedPickAppliesTheSamplingSettingsToTheWeights() {
        double[] w = {0.15, 0.5, 0.05, 0.3};
        int[] counts = new int[4];
        int draws = 20_000;
        for (int s = 0; s < draws; s++) {
            counts[new TokenSampler(new SamplingParams(1f, 0, 1f, 0f, s)).pickWeighted(w, 4)]++;
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(w[i], counts[i] / (double) draws, 0.015, "index " + i);
        }
        for (int s = 0; s < 200; s++) {
            assertEquals(1, new TokenSampler(new SamplingParams(1f, 1, 1f, 0f, s)).pickWeighted(w, 4), "top-k 1");
            int nucleus = new TokenSampler(new SamplingParams(1f, 0, 0.75f, 0f, s)).pickWeighted(w, 4);
            assertTrue(nucleus == 1 || nucleus == 3, "top-p 0.75 keeps 0.5 and 0.3: " + nucleus);
            int minP = new TokenSampler(new SamplingParams(1f, 0, 1f, 0.5f, s)).pickWeighted(w, 4);
            assertTrue(minP == 1 || minP == 3, "min-p 0.5 keeps weights >= 0.25: " + minP);
        }
        int sharp = 0;
        for (int s = 0; s < 2000; s++) {
            sharp += new TokenSampler(new SamplingParams(0.25f, 0, 1f, 0f, s)).pickWeighted(w, 4) == 1 ? 1 : 0;
        }
        // temperature 0.25 raises the weights to the 4th power: 0.5^4 / (sum) = 0.87
        double expected = Math.pow(0.5, 4) / (Math.pow(0.15, 4) + Math.pow(0.5, 4) + Math.pow(0.05, 4) + Math.pow(0.3, 4));
        assertEquals(expected, sharp / 2000.0, 0.03);
    }

    @Test
    void sameSeedAndLogitsGiveTheSameToken() {
        Random r = new Random(7);
        float[] l = new float[5000];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) r.nextGaussian() * 2;
        }
        SamplingParams p = new SamplingParams(1.0f, 40, 0.9f, 0.02f, 1234);
        TokenSampler a = new TokenSampler(p);
        TokenSampler b = new TokenSampler(p);
        TokenSampler other = new TokenSampler(new SamplingParams(1.0f, 40, 0.9f, 0.02f, 99));
        Set<Integer> distinct = new HashSet<>();
        for (int step = 0; step < 50; step++) {
            int ta = a.pickFromVocabulary(row(l), l.length, NONE);
            // another request drawing in between must not disturb this one's stream
            other.pickFromVocabulary(row(l), l.length, NONE);
            other.pickFromVocabulary(row(l), l.length, NONE);
            assertEquals(ta, b.pickFromVocabulary(row(l), l.length, NONE));
            distinct.add(ta);
        }
        assertTrue(distinct.size() > 3, "sampling should not be degenerate: " + distinct);
    }

    @Test
    void topKKeepsTheKBest() {
        float[] l = fourWay(1000);
        assertEquals(Set.of(0, 1), sampledIds(new SamplingParams(1f, 2, 1f, 0f, 0), l, 400));
        assertEquals(Set.of(0, 1, 2), sampledIds(new SamplingParams(1f, 3, 1f, 0f, 0), l, 400));
        // top-p after top-k measures mass among the k survivors: 0.5/0.8 >= 0.6
        assertEquals(Set.of(0), sampledIds(new SamplingParams(1f, 2, 0.6f, 0f, 0), l, 400));
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingTheMass() {
        float[] l = fourWay(1000);
        assertEquals(Set.of(0), sampledIds(new SamplingParams(1f, 0, 0.45f, 0f, 0), l, 400));
        assertEquals(Set.of(0, 1), sampledIds(new SamplingParams(1f, 0, 0.75f, 0f, 0), l, 400));
        assertEquals(Set.of(0, 1, 2), sampledIds(new SamplingParams(1f, 0, 0.85f, 0f, 0), l, 400));
        assertEquals(Set.of(0, 1, 2, 3), sampledIds(new SamplingParams(1f, 0, 0.99f, 0f, 0), l, 800));
    }

    @Test
    void minPKeepsTokensAboveAFractionOfTheBest() {
        float[] l = fourWay(1000);
        assertEquals(Set.of(0, 1, 2), sampledIds(new SamplingParams(1f, 0, 1f, 0.2f, 0), l, 600));
        assertEquals(Set.of(0, 1), sampledIds(new SamplingParams(1f, 0, 1f, 0.35f, 0), l, 400));
    }

    @Test
    void topPOverALargeVocabularyMatchesABruteForceNucleus() {
        Random r = new Random(3);
        float[] l = new float[32000];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) r.nextGaussian();
        }
        // one dominant token holding about half the mass: the nucleus reaches deep below it
        l[17] = 11f;
        double max = Double.NEGATIVE_INFINITY;
        for (float x : l) {
            max = Math.max(max, x);
        }
        double z = 0;
        for (float x : l) {
            z += Math.exp(x - max);
        }
        Integer[] order = new Integer[l.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(l[b], l[a]));
        Set<Integer> nucleus = new HashSet<>();
        double cum = 0;
        for (Integer id : order) {
            nucleus.add(id);
            cum += Math.exp(l[id] - max) / z;
            if (cum >= 0.7) {
                break;
            }
        }
        assertTrue(nucleus.size() > 1000, "nucleus should need the threshold to widen: " + nucleus.size());
        Set<Integer> seen = sampledIds(new SamplingParams(1f, 0, 0.7f, 0f, 0), l, 3000);
        assertTrue(nucleus.containsAll(seen), "sampled outside the nucleus");
        assertTrue(seen.contains(17) && seen.size() > 300, "too few nucleus members sampled: " + seen.size());
        float weakestInNucleus = Float.POSITIVE_INFINITY;
        for (int id : nucleus) {
            weakestInNucleus = Math.min(weakestInNucleus, l[id]);
        }
        assertTrue(weakestInNucleus < 11f - 8f, "the first threshold must not have sufficed");
    }

    @Test
    void temperatureSamplingFollowsTheSoftmaxAndSkipsBannedIds() {
        float[] l = {0f, (float) Math.log(2), (float) Math.log(3), 5f, (float) Math.log(4)};
        int[] banned = {3};
        SamplingParams p = new SamplingParams(1f, 0, 1f, 0f, 42);
        TokenSampler s = new TokenSampler(p);
        int[] counts = new int[5];
        int n = 20000;
        for (int i = 0; i < n; i++) {
            counts[s.pickFromVocabulary(row(l), l.length, banned)]++;
        }
        assertEquals(0, counts[3]);
        double[] expected = {0.1, 0.2, 0.3, 0, 0.4};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], counts[i] / (double) n, 0.015, "token " + i);
        }
        // temperature 0.5 squares the odds: 1:4:9:16 over 30
        TokenSampler cold = new TokenSampler(new SamplingParams(0.5f, 0, 1f, 0f, 42));
        counts = new int[5];
        for (int i = 0; i < n; i++) {
            counts[cold.pickFromVocabulary(row(l), l.length, banned)]++;
        }
        assertEquals(16 / 30.0, counts[4] / (double) n, 0.015);
        assertEquals(1 / 30.0, counts[0] / (double) n, 0.01);
    }

    @Test
    void readsLittleEndianFloatsFromNativeMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(4L * 6, 4);
            float[] l = {0f, 1f, 7f, 2f, 7.5f, -1f};
            for (int i = 0; i < l.length; i++) {
                seg.setAtIndex(TokenSampler.LOGIT, i, l[i]);
            }
            assertEquals(4, new TokenSampler(SamplingParams.greedy()).pickFromVocabulary(seg, 6, NONE));
            assertEquals(4, TokenSampler.argmax(seg, 6, NONE));
            assertNotEquals(4, TokenSampler.argmax(seg, 6, new int[] {4}));
        }
    }

    @Test
    void keysOrderByLogitDescendingThenIdAscending() {
        List<Float> values = List.of(-3.5f, -0.0f, 0f, 1e-30f, 2f, Float.NEGATIVE_INFINITY, -1e30f);
        for (float a : values) {
            assertEquals(a, TokenSampler.logit(TokenSampler.key(a, 5)));
            for (float b : values) {
                long ka = TokenSampler.key(a, 1);
                long kb = TokenSampler.key(b, 2);
                if (a > b) {
                    assertTrue(ka < kb, a + " vs " + b);
                }
            }
        }
        assertTrue(TokenSampler.key(1f, 1) < TokenSampler.key(1f, 2));
    }

    @Test
    void logSumExpIsStableForLargeLogits() {
        float[] l = {1000f, 1000f, Float.NEGATIVE_INFINITY, 999f};
        double expected = 1000 + Math.log(2 + Math.exp(-1));
        assertEquals(expected, TokenSampler.logSumExp(row(l), 4), 1e-9);
    }

    @Test
    void candidateSortOrdersLikeArraysSort() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {0, 1, 2, 17, 100, 5000, 70000}) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                // few distinct logits in some rounds: many ties broken by id, as in real rows
                keys[i] = TokenSampler.key(r.nextInt(n % 7 == 0 ? 3 : 1000), i);
            }
            long[] expected = keys.clone();
            java.util.Arrays.sort(expected);
            TokenSampler.sortAscending(keys, n);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, keys, "n=" + n);
        }
    }

    @Test
    void heapsortFallbackSortsASubrange() {
        SplittableRandom r = new SplittableRandom(12);
        long[] a = new long[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextLong();
        }
        long[] expected = a.clone();
        java.util.Arrays.sort(expected, 100, 900);
        TokenSampler.heapsort(a, 100, 899);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, a);
    }
}
