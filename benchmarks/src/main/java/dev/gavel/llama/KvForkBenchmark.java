package dev.gavel.llama;

import dev.gavel.bench.JmhFixtures;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What sharing a prompt prefix costs against computing it again (issue 13, item 1), on a
 * synthesized SmolLM2-135M-shaped Q8_0 model: sequence 0 holds a prefix of {@code prefix} tokens;
 * one operation gives sequence 1 that prefix and decodes its next token. {@code fork} takes the
 * prefix with {@link LlamaContext#kvFork}: in a unified cache the cells are shared (a metadata
 * change), with one KV stream per sequence llama.cpp copies the whole stream before that next
 * decode and the tail is removed. {@code recompute} prefills the prefix into sequence 1 from
 * scratch, what the engine would do without its prefix tree.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class KvForkBenchmark {
    /** Cells per sequence: a judge prompt of ~1,000 tokens plus its answer. */
    private static final int CELLS_PER_SEQUENCE = 2048;
    private static final int BATCH = 512;

    @Param({"256", "1024"})
    public int prefix;

    @Param({"false", "true"})
    public boolean unifiedKv;

    private LlamaModel model;
    private LlamaContext context;
    private Batch batch;
    private int[] tokens;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        model = JmhFixtures.smolLm2();
        int threads = JmhFixtures.threads();
        context = model.newContext(ContextOptions.defaults()
                .withContextSize(2 * CELLS_PER_SEQUENCE).withBatch(BATCH, BATCH).withSequences(2)
                .withThreads(threads, threads).withFlashAttention(true).withUnifiedKv(unifiedKv));
        batch = context.newBatch(BATCH);
        SplittableRandom r = new SplittableRandom(13);
        tokens = new int[prefix + 1];
        int vocab = model.vocabulary().size();
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = r.nextInt(256, vocab);
        }
        prefill(0, prefix);
    }

    /** Each operation starts with sequence 1 empty. */
    @Setup(Level.Invocation)
    public void emptySequenceOne() {
        context.kvRemove(1, -1, -1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        batch.close();
        context.close();
        model.close();
    }

    @Benchmark
    public LlamaContext.DecodeStatus fork() {
        context.kvFork(0, 1, prefix);
        return decodeNext();
    }

    @Benchmark
    public LlamaContext.DecodeStatus recompute() {
        prefill(1, prefix);
        return decodeNext();
    }

    private LlamaContext.DecodeStatus decodeNext() {
        batch.clear();
        batch.add(tokens[prefix], prefix, 1, true);
        return requireOk(context.decode(batch));
    }

    private void prefill(int sequence, int length) {
        for (int start = 0; start < length; start += BATCH) {
            batch.clear();
            int end = Math.min(length, start + BATCH);
            for (int p = start; p < end; p++) {
                batch.add(tokens[p], p, sequence, p == end - 1);
            }
            requireOk(context.decode(batch));
        }
    }

    private static LlamaContext.DecodeStatus requireOk(LlamaContext.DecodeStatus status) {
        if (status != LlamaContext.DecodeStatus.OK) {
            throw new IllegalStateException("decode: " + status);
        }
        return status;
    }
}
