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
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** One-off cost per vocabulary and option set: token tables, choice trie masks, marker bans. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class MaskCacheBenchmark {

    @Param({"32000", "150000"})
    public int vocabSize;

    private SyntheticVocabulary vocab;

    @Setup(Level.Trial)
    public void setUp() {
        vocab = new SyntheticVocabulary(vocabSize, 1);
    }

    @Benchmark
    public Object buildForJudge() {
        MaskCache cache = new MaskCache(vocab);
        cache.guard("[RESULT]", List.of("1", "2", "3", "4", "5"));
        return cache.trie(List.of("-1", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"));
    }
}
