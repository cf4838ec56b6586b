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

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * How a 512-token prefill batch should be shared between sequences when each has its own KV
 * stream. llama.cpp cuts such a batch into micro-batches with the same number of tokens for every
 * sequence in it, so a batch whose sequences bring unequal chunks runs as several graph
 * computations. One operation decodes one batch of prompt tokens, {@code split} giving each
 * sequence's share ("512": one sequence; "300+212": two unequal; "256+256": two equal;
 * "16x32": sixteen equal), on a synthesized SmolLM2-135M-shaped Q8_0 model with flash attention.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 6)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class PrefillSplitBenchmark {
    private static final int SEQUENCES = 16;
    private static final int CELLS_PER_SEQUENCE = 1024;
    private static final int BATCH = 512;

    @Param({"512", "300+212", "256+256", "16x32", "500+12"})
    public String split;

    private NativeFixture f;
    private int[] shares;
    private int[] tokens;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        f = NativeFixture.open(SEQUENCES * CELLS_PER_SEQUENCE, BATCH, SEQUENCES, false);
        shares = split.contains("x")
                ? repeat(Integer.parseInt(split.substring(0, split.indexOf('x'))), Integer.parseInt(split.substring(split.indexOf('x') + 1)))
                : Arrays.stream(split.split("\\+")).mapToInt(Integer::parseInt).toArray();
        if (Arrays.stream(shares).sum() != BATCH) {
            throw new IllegalArgumentException("a split must add up to " + BATCH + ": " + split);
        }
        tokens = f.randomTokens(BATCH, 17);
    }

    private static int[] repeat(int times, int value) {
        int[] out = new int[times];
        Arrays.fill(out, value);
        return out;
    }

    /** Each operation prefills from position 0 of empty streams. */
    @Setup(Level.Invocation)
    public void emptyStreams() {
        for (int s = 0; s < shares.length; s++) {
            f.context.kvRemove(s, -1, -1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
    }

    @Benchmark
    public LlamaContext.DecodeStatus prefill() {
        f.batch.clear();
        int t = 0;
        for (int s = 0; s < shares.length; s++) {
            for (int p = 0; p < shares[s]; p++) {
                f.batch.add(tokens[t++], p, s, p == shares[s] - 1);
            }
        }
        return f.decode();
    }
}
