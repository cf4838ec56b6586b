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
 * What a 512-token prefill batch costs at the start of a prompt against deeper in it, where each
 * token attends over the cells before it: the bench's prefill ceiling is measured at position 0,
 * while judge prompts run to ~1,000 tokens. One operation decodes 512 prompt tokens of one
 * sequence starting at {@code depth} (the cells before it already hold a prefix), with flash
 * attention, on the synthesized SmolLM2-135M-shaped Q8_0 model.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 6)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class PrefillDepthBenchmark {
    private static final int BATCH = 512;

    @Param({"0", "512", "1024"})
    public int depth;

    private NativeFixture f;
    private int[] tokens;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        f = NativeFixture.open(depth + BATCH + 256, BATCH, 1, false);
        tokens = f.randomTokens(depth + BATCH, 29);
        f.prefill(tokens, 0, depth, 0);
    }

    /** Each operation prefills the same chunk again after the same prefix. */
    @Setup(Level.Invocation)
    public void keepPrefixOnly() {
        f.context.kvRemove(0, depth, -1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
    }

    @Benchmark
    public LlamaContext.DecodeStatus prefill() {
        return f.prefill(tokens, depth, depth + BATCH, 0);
    }
}
