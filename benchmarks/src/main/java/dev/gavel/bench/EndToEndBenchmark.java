package dev.gavel.bench;

import dev.gavel.EngineMetrics;
import dev.gavel.engine.ConstraintSpec;
import dev.gavel.engine.Engine;
import dev.gavel.engine.EngineOptions;
import dev.gavel.engine.GenerationRequest;
import dev.gavel.engine.GenerationSpec;
import dev.gavel.engine.SamplingParams;
import dev.gavel.llama.LlamaModel;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end generated tokens/s of the engine on a synthesized SmolLM2-135M-shaped Q8_0 model
 * (random weights, cached in the per-user cache; SmolLM2's own vocabulary when the shared
 * fixtures are at {@code -Dgavel.shared} or {@code ../shared}): one operation submits S requests of a
 * 64-token prompt (distinct per sequence) and generates {@value #TOKENS} free-text tokens each,
 * through the engine's real loop. Reported per operation; generated tokens/s = S x
 * {@value #TOKENS} / (seconds per operation). Aux counters give the engine's own split per
 * operation: nanoseconds inside llama_decode and in the whole loop, whose difference is the Java
 * share of the decode steps.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class EndToEndBenchmark {
    static final int TOKENS = 32;
    static final int PROMPT = 64;

    @Param({"1", "8"})
    public int sequences;

    @Param({"true"})
    public boolean flashAttention;

    private LlamaModel model;
    private Engine engine;
    private List<GenerationRequest> requests;
    private EngineMetrics before;

    /** Engine counters per operation (JMH sums them over the iteration; divide by ops). */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Split {
        public long decodeNanos;
        public long loopNanos;
        public long generated;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        model = JmhFixtures.smolLm2();
        int threads = JmhFixtures.threads();
        engine = new Engine(model, EngineOptions.builder().contextSize(GavelContender.roundUp(sequences * (PROMPT + TOKENS + 8), 256))
                .batchSize(512).parallel(sequences).prefixCache(false).cachedPrefixes(0).threads(threads)
                .flashAttention(flashAttention).build());
        GenerationSpec spec = new GenerationSpec(TOKENS, SamplingParams.greedy(), List.of(), new ConstraintSpec.Unconstrained());
        requests = new ArrayList<>();
        int vocabSize = model.vocabulary().size();
        for (int s = 0; s < sequences; s++) {
            int[] prompt = new int[PROMPT];
            for (int i = 0; i < PROMPT; i++) {
                prompt[i] = 100 + (s * 131 + i * 17) % (vocabSize - 200);
            }
            requests.add(new GenerationRequest(prompt, spec));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        model.close();
    }

    @Setup(Level.Invocation)
    public void mark() {
        before = engine.metrics();
    }

    /** S requests of {@value #PROMPT} prompt tokens and {@value #TOKENS} generated tokens each. */
    @Benchmark
    public long generate(Split split) {
        List<CompletableFuture<dev.gavel.engine.Generation>> futures = new ArrayList<>();
        for (GenerationRequest r : requests) {
            futures.add(engine.submit(r));
        }
        long n = 0;
        for (CompletableFuture<dev.gavel.engine.Generation> f : futures) {
            n += f.join().generatedTokens();
        }
        EngineMetrics after = engine.metrics();
        split.decodeNanos += after.decodeNanos() - before.decodeNanos();
        split.loopNanos += after.loopNanos() - before.loopNanos();
        split.generated += n;
        return n;
    }
}
