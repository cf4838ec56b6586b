package dev.gavel.llama;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Batch assembly cost of one decode step: {@link Batch#clear()} then one {@link Batch#add} per
 * decoding sequence (token, position, sequence id, logits flag), for S = 1, 8, 32 sequences; plus a
 * 512-token prompt chunk of one sequence for comparison. No native library is needed: the batch
 * memory is Java-owned. Lives in {@code dev.gavel.llama} because the constructor is package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class BatchAddBenchmark {
    private static final int VOCAB = 32000;

    @Param({"1", "8", "32"})
    public int sequences;

    private Batch batch;
    private int[] tokens;
    private int position;

    @Setup
    public void setUp() {
        batch = new Batch(512, 1, VOCAB, 64);
        tokens = new int[512];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (i * 7919) % VOCAB;
        }
        position = 700;
    }

    @TearDown
    public void tearDown() {
        batch.close();
    }

    /** One decode step: every sequence adds its next token and asks for logits. */
    @Benchmark
    public int decodeStep() {
        batch.clear();
        int p = position;
        for (int s = 0; s < sequences; s++) {
            batch.add(tokens[s], p, s, true);
        }
        return batch.size();
    }

    /** A 512-token prompt chunk of sequence 0, logits only at the end (independent of S). */
    @Benchmark
    public int promptChunk512() {
        batch.clear();
        for (int i = 0; i < 512; i++) {
            batch.add(tokens[i], i, 0, i == 511);
        }
        return batch.size();
    }
}
