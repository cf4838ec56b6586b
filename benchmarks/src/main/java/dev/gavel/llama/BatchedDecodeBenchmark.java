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

import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * What one decode step costs as the number of sequences in it grows: the ceiling on what
 * continuous batching can gain in the decode phase. Every sequence holds the same judge-sized
 * prompt ({@value #PROMPT} tokens, one KV stream per sequence, flash attention) and each operation
 * decodes one token for each of {@code sequences} of them, reading every logit row, on the
 * synthesized SmolLM2-135M-shaped Q8_0 model. Batching pays exactly as much as a step of S
 * sequences costs less than S steps of one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class BatchedDecodeBenchmark {
    private static final int PROMPT = 960;
    private static final int CELLS_PER_SEQUENCE = 1536;
    private static final int BATCH = 512;

    @Param({"1", "2", "3", "4", "8"})
    public int sequences;

    private NativeFixture f;
    private int[] tokens;
    private int step;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        f = NativeFixture.open(sequences * CELLS_PER_SEQUENCE, BATCH, sequences, false);
        tokens = f.randomTokens(PROMPT, 23);
        f.prefill(tokens, 0, PROMPT, 0);
        for (int s = 1; s < sequences; s++) {
            f.context.kvFork(0, s, PROMPT);
        }
    }

    /** Each iteration decodes from the end of the prompt again, so the attended context stays judge-sized. */
    @Setup(Level.Iteration)
    public void backToPrompt() {
        for (int s = 0; s < sequences; s++) {
            f.context.kvRemove(s, PROMPT, -1);
        }
        step = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
    }

    @Benchmark
    public float decodeStep() {
        if (step == CELLS_PER_SEQUENCE - PROMPT - 1) {
            backToPrompt();
        }
        f.batch.clear();
        for (int s = 0; s < sequences; s++) {
            f.batch.add(tokens[(step + s) % PROMPT], PROMPT + step, s, true);
        }
        f.decode();
        step++;
        float sum = 0;
        for (int i = 0; i < sequences; i++) {
            sum += f.context.logits(i).getAtIndex(ValueLayout.JAVA_FLOAT, 0);
        }
        return sum;
    }
}
