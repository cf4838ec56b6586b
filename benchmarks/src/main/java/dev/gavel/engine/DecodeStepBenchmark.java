package dev.gavel.engine;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Java-side cost of one decode step's decoding work for S sequences: each operation handles all S
 * logits rows of a step, read from one native buffer laid out like llama.cpp's
 * ({@code n_outputs x n_vocab} little-endian floats). Rows are peaked like a language model's (a
 * few tokens far above a Gaussian tail), so top-p must reach into the tail on the larger vocabulary.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class DecodeStepBenchmark {

    private static final List<String> ONE_TO_FIVE = List.of("1", "2", "3", "4", "5");

    @Param({"32000", "150000"})
    public int vocabSize;

    @Param({"1", "8", "32"})
    public int sequences;

    private Arena arena;
    private SyntheticVocabulary vocab;
    private MaskCache cache;
    private MemorySegment[] rows;
    private GenerationSpec greedySpec;
    private GenerationSpec topPSpec;
    private GenerationSpec defaultsSpec;
    private GenerationSpec freeTextSpec;
    private GenerationSpec choiceSpec;
    private DecodingState[] greedy;
    private DecodingState[] topP;
    private DecodingState[] defaults;
    private DecodingState[] freeText;

    @Setup(Level.Trial)
    public void setUpTrial() {
        arena = Arena.ofShared();
        vocab = new SyntheticVocabulary(vocabSize, 1);
        cache = new MaskCache(vocab);
        MemorySegment buffer = arena.allocate((long) sequences * vocabSize * Float.BYTES, 64);
        SplittableRandom r = new SplittableRandom(42);
        rows = new MemorySegment[sequences];
        for (int s = 0; s < sequences; s++) {
            rows[s] = buffer.asSlice((long) s * vocabSize * Float.BYTES, (long) vocabSize * Float.BYTES);
            for (int t = 0; t < vocabSize; t++) {
                float x = vocab.isEndOfGeneration(t) ? Float.NEGATIVE_INFINITY : (float) r.nextGaussian() * 2f;
                rows[s].setAtIndex(TokenSampler.LOGIT, t, x);
            }
            for (int peak = 0; peak < 3; peak++) {
                rows[s].setAtIndex(TokenSampler.LOGIT, r.nextInt(256, vocabSize - 3), 16f - 2 * peak);
            }
            // options get some mass so the choice distribution is not degenerate
            rows[s].setAtIndex(TokenSampler.LOGIT, vocab.id(" 4"), 15f);
            rows[s].setAtIndex(TokenSampler.LOGIT, vocab.id(" 3"), 14f);
        }
        greedySpec = new GenerationSpec(Integer.MAX_VALUE, SamplingParams.greedy(), List.of(),
                new ConstraintSpec.Unconstrained());
        topPSpec = new GenerationSpec(Integer.MAX_VALUE, new SamplingParams(1f, 0, 0.95f, 0f, 7), List.of(),
                new ConstraintSpec.Unconstrained());
        defaultsSpec = new GenerationSpec(Integer.MAX_VALUE, new SamplingParams(0.8f, 40, 0.95f, 0.05f, 7), List.of(),
                new ConstraintSpec.Unconstrained());
        freeTextSpec = new GenerationSpec(Integer.MAX_VALUE, SamplingParams.greedy(), List.of(),
                new ConstraintSpec.FreeTextThenChoice(Integer.MAX_VALUE, "[RESULT] ", ONE_TO_FIVE));
        choiceSpec = new GenerationSpec(16, SamplingParams.greedy(), List.of(), new ConstraintSpec.Choice(ONE_TO_FIVE));
        // the trie is built once per option set and cached: build it here, outside the measurement
        cache.trie(ONE_TO_FIVE);
    }

    @Setup(Level.Iteration)
    public void setUpIteration() {
        greedy = states(greedySpec);
        topP = states(topPSpec);
        defaults = states(defaultsSpec);
        freeText = states(freeTextSpec);
    }

    private DecodingState[] states(GenerationSpec spec) {
        DecodingState[] out = new DecodingState[sequences];
        for (int s = 0; s < sequences; s++) {
            out[s] = new DecodingState(spec, vocab, cache);
        }
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Baseline: one pass over every row (the maximum), what any decoding must at least read. */
    @Benchmark
    public void readLogits(Blackhole bh) {
        int[] none = new int[0];
        for (MemorySegment row : rows) {
            bh.consume(TokenSampler.max(row, vocabSize, none));
        }
    }

    /** Unconstrained greedy step, including text bookkeeping. */
    @Benchmark
    public void unconstrainedGreedy(Blackhole bh) {
        for (int s = 0; s < sequences; s++) {
            bh.consume(greedy[s].next(rows[s]));
        }
    }

    /** Unconstrained top-p 0.95 at temperature 1: normaliser, nucleus collection, sort, draw. */
    @Benchmark
    public void unconstrainedTopP(Blackhole bh) {
        for (int s = 0; s < sequences; s++) {
            bh.consume(topP[s].next(rows[s]));
        }
    }

    /** llama.cpp's default chain: top-k 40, top-p 0.95, min-p 0.05, temperature 0.8. */
    @Benchmark
    public void unconstrainedLlamaDefaults(Blackhole bh) {
        for (int s = 0; s < sequences; s++) {
            bh.consume(defaults[s].next(rows[s]));
        }
    }

    /** Free text of FreeTextThenChoice: greedy with end-of-generation and bad marker completions banned. */
    @Benchmark
    public void freeTextGreedy(Blackhole bh) {
        for (int s = 0; s < sequences; s++) {
            bh.consume(freeText[s].next(rows[s]));
        }
    }

    /** A whole choice position: new state, mask, full-softmax score distribution, choice result. */
    @Benchmark
    public void choiceWithDistribution(Blackhole bh) {
        for (MemorySegment row : rows) {
            DecodingState state = new DecodingState(choiceSpec, vocab, cache);
            bh.consume(state.next(row));
            bh.consume(state.choices());
        }
    }
}
