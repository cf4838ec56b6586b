package dev.gavel.engine;

import dev.gavel.ScoreDistribution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChoiceDecodingTest {

    private static final float NEG = Float.NEGATIVE_INFINITY;
    private final TestVocabulary vocab = new TestVocabulary();
    private final MaskCache cache = new MaskCache(vocab);

    private DecodingState choice(String... options) {
        return new DecodingState(new GenerationSpec(10, SamplingParams.greedy(), List.of(),
                new ConstraintSpec.Choice(List.of(options))), vocab, cache);
    }

    private static float ln(double p) {
        return (float) Math.log(p);
    }

    private int[] ids(String... pieces) {
        int[] out = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            out[i] = vocab.id(pieces[i]);
        }
        java.util.Arrays.sort(out);
        return out;
    }

    @Test
    void allowedTokensAreThoseWalkableInTheTrie() {
        ChoiceTrie trie = cache.trie(List.of("1", "10", "12"));
        assertArrayEquals(ids(" ", "1", " 1", "10", "12", " 10"), trie.allowed(ChoiceTrie.ROOT));
        int one = trie.walk(ChoiceTrie.ROOT, new byte[] {'1'}, 0, 1);
        // "1" is complete and extended by "10" and "12": end-of-generation closes it
        assertArrayEquals(ids("0", "2", "<eos>", "<eot>"), trie.allowed(one));
        int ten = trie.walk(ChoiceTrie.ROOT, new byte[] {'1', '0'}, 0, 2);
        assertTrue(trie.isLeafTerminal(ten));
        assertEquals(trie.equivalenceClass(one),
                trie.equivalenceClass(trie.walk(ChoiceTrie.ROOT, new byte[] {' ', '1'}, 0, 2)));
        assertTrue(cache.trie(List.of("1", "10", "12")) == trie, "tries are cached per option set");
    }

    @Test
    void singleTokenOptionsSumTheirSurfaceFormsAgainstTheFullSoftmax() {
        DecodingState s = choice("1", "2", "3");
        float[] l = vocab.logits(NEG, "1", ln(0.2), " 1", ln(0.05), "2", ln(0.3), "<eos>", ln(0.1), "x", ln(0.35));
        int token = s.next(l);
        assertEquals(vocab.id("2"), token);
        assertTrue(s.isFinished());
        assertEquals(FinishReason.CHOICE_MADE, s.finishReason());
        assertEquals("", s.text());
        assertEquals(1, s.generatedTokens());
        ChoiceResult r = s.choices().getFirst();
        assertEquals("2", r.option());
        assertEquals("2", r.surface());
        ScoreDistribution d = r.distribution();
        assertArrayEquals(new double[] {0.25, 0.3, 0.0}, d.optionMass(), 1e-6);
        assertEquals(0.55, d.allowedMass(), 1e-6);
        assertArrayEquals(new double[] {0.25 / 0.55, 0.3 / 0.55, 0.0}, d.normalized(), 1e-6);
        assertEquals((0.25 + 0.6) / 0.55, d.expectedValue().orElseThrow(), 1e-6);
        double p1 = 0.25 / 0.55;
        assertEquals(-p1 * Math.log(p1) - (1 - p1) * Math.log(1 - p1), d.entropy(), 1e-6);
    }

    @Test
    void greedyChoosesTheOptionWhoseSpellingsTogetherWeighMost() {
        // "4" is the likeliest single token, but "1" and " 1" together make 1 the likeliest answer
        DecodingState s = choice("1", "2", "3", "4", "5");
        int token = s.next(vocab.logits(NEG, "1", ln(0.25), " 1", ln(0.15), "4", ln(0.35), "2", ln(0.1),
                "x", ln(0.15)));
        ChoiceResult r = s.choices().getFirst();
        assertEquals("1", r.distribution().argmax());
        assertEquals("1", r.option());
        assertEquals(vocab.id("1"), token, "the likelier spelling of the chosen option");
        assertEquals("1", r.surface());
    }

    @Test
    void topKOneSamplingChoosesLikeGreedy() {
        for (long seed = 0; seed < 20; seed++) {
            DecodingState s = new DecodingState(new GenerationSpec(10, new SamplingParams(0.7f, 1, 1f, 0f, seed),
                    List.of(), new ConstraintSpec.Choice(List.of("1", "2", "3", "4", "5"))), vocab, cache);
            s.next(vocab.logits(NEG, "1", ln(0.25), " 1", ln(0.15), "4", ln(0.35), "2", ln(0.1), "x", ln(0.15)));
            assertEquals("1", s.choices().getFirst().option(), "top-k 1 keeps the heaviest option, seed " + seed);
        }
    }

    @Test
    void samplingAtTemperatureOneDrawsOptionsWithTheirReportedProbabilities() {
        float[] l = vocab.logits(NEG, "1", ln(0.2), " 1", ln(0.1), "2", ln(0.05), " 2", ln(0.25), "3", ln(0.3),
                "x", ln(0.1));
        int draws = 6000;
        int[] counts = new int[3];
        double[] reported = null;
        for (int seed = 0; seed < draws; seed++) {
            DecodingState s = new DecodingState(new GenerationSpec(10, new SamplingParams(1f, 0, 1f, 0f, seed),
                    List.of(), new ConstraintSpec.Choice(List.of("1", "2", "3"))), vocab, cache);
            s.next(l);
            ChoiceResult r = s.choices().getFirst();
            counts[Integer.parseInt(r.option()) - 1]++;
            reported = r.distribution().normalized();
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(reported[i], counts[i] / (double) draws, 0.025, "option " + (i + 1));
        }
    }

    @Test
    void greedyChoiceIsTheArgmaxOfItsDistributionWhateverTheLogits() {
        List<List<String>> optionSets = List.of(List.of("1", "2", "3", "4", "5"), List.of("1", "10", "12"),
                List.of("-1", "0", "1", "2", "10", "11", "12"), List.of("1", "10", "5"), List.of("ab", "abc", "1"));
        java.util.Random random = new java.util.Random(42);
        int pathDisagreed = 0;
        for (int trial = 0; trial < 3000; trial++) {
            List<String> options = optionSets.get(trial % optionSets.size());
            DecodingState s = new DecodingState(new GenerationSpec(12, SamplingParams.greedy(), List.of(),
                    new ConstraintSpec.Choice(options)), vocab, cache);
            while (!s.isFinished()) {
                float[] l = new float[vocab.size()];
                for (int k = 0; k < l.length; k++) {
                    l[k] = (float) (random.nextGaussian() * 3);
                }
                s.next(l);
            }
            ChoiceResult r = s.choices().getFirst();
            assertEquals(r.distribution().argmax(), r.option(), "trial " + trial + ": " + r);
            if (!r.surface().strip().equals(r.option())) {
                pathDisagreed++;
                assertTrue(options.stream().anyMatch(o -> o.startsWith(r.surface().strip()) && !o.equals(r.option())),
                        "a surface that does not spell the option is a shared prefix: " + r);
            }
        }
        assertTrue(pathDisagreed < 300, "the walk mostly spells the option it reports: " + pathDisagreed);
    }

    @Test
    void anOptionOutsideASharedPrefixWinsWhenTheSplitAfterThePrefixSaysSo() {
        DecodingState s = choice("1", "10", "5");
        // the "1" group (0.5) could still hold the argmax: its split is read
        int first = s.next(vocab.logits(NEG, "1", ln(0.5), "10", ln(0.05), "5", ln(0.45)));
        assertEquals(vocab.id("1"), first);
        assertFalse(s.isFinished());
        // evenly split, 1 gets 0.25 and 10 gets 0.05 + 0.25: both below 5's 0.45
        s.next(vocab.logits(NEG, "<eos>", 0f, "0", 0f));
        ChoiceResult r = s.choices().getFirst();
        assertEquals("5", r.option());
        assertEquals("5", r.distribution().argmax());
        assertArrayEquals(new double[] {0.25, 0.30, 0.45}, r.distribution().optionMass(), 1e-6);
        assertEquals("1", r.surface(), "the walk stopped after the shared prefix");
        assertEquals(2, s.generatedTokens());
    }

    @Test
    void sharedPrefixTokenIsSplitByTheNextPositionsConditionals() {
        DecodingState s = choice("1", "10", "12");
        s.next(vocab.logits(NEG, "1", ln(0.4), "10", ln(0.2), " 1", ln(0.1), "2", ln(0.2), "<eos>", ln(0.1)));
        assertFalse(s.isFinished());
        // conditionals over the allowed "0", "2", <eos>: 0.1, 0.3, 0.6 ("x" is not allowed)
        int token = s.next(vocab.logits(NEG, "0", ln(0.05), "2", ln(0.15), "<eos>", ln(0.3), "x", ln(0.5)));
        assertEquals(vocab.id("<eos>"), token);
        assertEquals(FinishReason.CHOICE_MADE, s.finishReason());
        assertEquals(2, s.generatedTokens());
        ChoiceResult r = s.choices().getFirst();
        assertEquals("1", r.option());
        assertEquals("1", r.surface());
        // "1" (0.4) and " 1" (0.1, same remaining structure) split 0.6/0.1/0.3; "10" gives 0.2 to "10"
        assertArrayEquals(new double[] {0.30, 0.25, 0.15}, r.distribution().optionMass(), 1e-6);
        assertEquals(0.7, r.distribution().allowedMass(), 1e-6);
        assertEquals(0.3 / 0.7 * 1 + 0.25 / 0.7 * 10 + 0.15 / 0.7 * 12,
                r.distribution().expectedValue().orElseThrow(), 1e-6);
    }

    @Test
    void unobservedSharedTokenIsSplitEvenly() {
        DecodingState s = choice("1", "10", "12");
        s.next(vocab.logits(NEG, "10", ln(0.45), "1", ln(0.25), " 1", ln(0.1), "x", ln(0.2)));
        assertTrue(s.isFinished(), "\"10\" outweighs the shared \"1\"/\" 1\" group, so the choice ends at once");
        ChoiceResult r = s.choices().getFirst();
        assertEquals("10", r.option());
        assertArrayEquals(new double[] {0.35 / 3, 0.45 + 0.35 / 3, 0.35 / 3}, r.distribution().optionMass(), 1e-6);
        assertEquals(0.8, r.distribution().allowedMass(), 1e-6);
    }

    @Test
    void multiTokenOptionsAreDecodedByteWiseAndAShorterOptionClosesOnlyWithEog() {
        DecodingState s = choice("-1", "-12", "0");
        // "-12" piece is allowed; "-1" would need an end token after it
        s.next(vocab.logits(0f, "-1", 5f, "x", 9f));
        assertFalse(s.isFinished());
        s.next(vocab.logits(0f, "2", 6f, "3", 9f));
        assertTrue(s.isFinished());
        assertEquals("-12", s.choices().getFirst().option());

        DecodingState t = choice("-1", "-12", "0");
        t.next(vocab.logits(0f, "-", 5f));
        t.next(vocab.logits(0f, "1", 5f));
        t.next(vocab.logits(0f, "<eot>", 5f, "3", 9f));
        assertEquals("-1", t.choices().getFirst().option());
        assertEquals(3, t.generatedTokens());
    }

    @Test
    void endOfGenerationIsNotAllowedWhereNoOptionIsComplete() {
        DecodingState s = choice("ab", "cd");
        int token = s.next(vocab.logits(0f, "<eos>", 50f, "c", 1f));
        assertEquals(vocab.id("c"), token);
        token = s.next(vocab.logits(0f, "<eos>", 50f, "abc", 40f, "d", 1f));
        assertEquals(vocab.id("d"), token);
        assertEquals("cd", s.choices().getFirst().option());
    }

    @Test
    void sampledChoiceStaysWithinTheOptions() {
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 200; i++) {
            DecodingState s = new DecodingState(new GenerationSpec(10, new SamplingParams(1.5f, 0, 1f, 0f, i),
                    List.of(), new ConstraintSpec.Choice(List.of("1", "10", "11", "12", "-1", "-12"))), vocab, cache);
            while (!s.isFinished()) {
                float[] l = new float[vocab.size()];
                for (int k = 0; k < l.length; k++) {
                    l[k] = (float) r.nextGaussian() * 2;
                }
                s.next(l);
            }
            ChoiceResult c = s.choices().getFirst();
            assertEquals(c.option(), c.surface().strip());
            assertEquals(1.0, java.util.Arrays.stream(c.distribution().normalized()).sum(), 1e-9);
        }
    }

    @Test
    void rejectsBudgetsTooSmallForTheChoiceAndAmbiguousOptions() {
        assertThrows(IllegalArgumentException.class, () -> new DecodingState(new GenerationSpec(2,
                SamplingParams.greedy(), List.of(), new ConstraintSpec.Choice(List.of("abc"))), vocab, cache));
        assertThrows(IllegalArgumentException.class, () -> cache.trie(List.of("5", " 5")));
        TokenVocabulary noEog = new TokenVocabulary() {
            @Override
            public int size() {
                return 256;
            }

            @Override
            public byte[] tokenBytes(int token) {
                return new byte[] {(byte) token};
            }

            @Override
            public boolean isEndOfGeneration(int token) {
                return false;
            }

            @Override
            public boolean isControl(int token) {
                return false;
            }

            @Override
            public int[] tokenize(String text) {
                throw new UnsupportedOperationException();
            }
        };
        MaskCache bytesOnly = new MaskCache(noEog);
        assertThrows(IllegalArgumentException.class, () -> bytesOnly.trie(List.of("1", "10")));
        // root, "1", " ", " 1", "2", "20", " 2", " 20"
        assertEquals(8, bytesOnly.trie(List.of("1", "20")).nodeCount(), "without prefix options no end token is needed");
    }
}
