package dev.gavel.llama;

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

    private NativeFixture f;
    private int[] tokens;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        f = NativeFixture.open(2 * CELLS_PER_SEQUENCE, BATCH, 2, unifiedKv);
        tokens = f.randomTokens(prefix + 1, 13);
        f.prefill(tokens, 0, prefix, 0);
    }

    /** Each operation starts with sequence 1 empty. */
    @Setup(Level.Invocation)
    public void emptySequenceOne() {
        f.context.kvRemove(1, -1, -1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
    }

    @Benchmark
    public LlamaContext.DecodeStatus fork() {
        f.context.kvFork(0, 1, prefix);
        return decodeNext();
    }

    @Benchmark
    public LlamaContext.DecodeStatus recompute() {
        f.prefill(tokens, 0, prefix, 1);
        return decodeNext();
    }

    private LlamaContext.DecodeStatus decodeNext() {
        f.batch.clear();
        f.batch.add(tokens[prefix], prefix, 1, true);
        return f.decode();
    }
}
