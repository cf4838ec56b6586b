package dev.gavel.engine;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steady-state steps must not allocate in proportion to the vocabulary. */
class SteadyStateAllocationTest {

    private static final int VOCAB_PIECES = 60_000;

    @Test
    void decodeStepsAllocateAlmostNothing() {
        List<String> pieces = new ArrayList<>(TestVocabulary.PIECES);
        for (int i = 0; pieces.size() < VOCAB_PIECES; i++) {
            pieces.add("w" + i);
        }
        TestVocabulary vocab = new TestVocabulary(pieces);
        MaskCache cache = new MaskCache(vocab);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment row = arena.allocate((long) vocab.size() * Float.BYTES, 64);
            SplittableRandom r = new SplittableRandom(9);
            for (int t = 0; t < vocab.size(); t++) {
                row.setAtIndex(TokenSampler.LOGIT, t, (float) r.nextGaussian() * 2f);
            }
            row.setAtIndex(TokenSampler.LOGIT, vocab.id("Good"), 12f);
            row.setAtIndex(TokenSampler.LOGIT, vocab.id("<eos>"), 11f);
            for (SamplingParams sampling : List.of(SamplingParams.greedy(), new SamplingParams(1f, 0, 0.9f, 0f, 1),
                    new SamplingParams(0.7f, 40, 0.95f, 0.05f, 2))) {
                DecodingState s = new DecodingState(new GenerationSpec(1_000_000, sampling, List.of(),
                        new ConstraintSpec.FreeTextThenChoice(1_000_000, "[RESULT] ", List.of("1", "2", "3"))),
                        vocab, cache);
                for (int i = 0; i < 2000; i++) {
                    s.next(row);
                }
                long before = threads.getCurrentThreadAllocatedBytes();
                int steps = 2000;
                for (int i = 0; i < steps; i++) {
                    s.next(row);
                }
                long perStep = (threads.getCurrentThreadAllocatedBytes() - before) / steps;
                // only the amortised growth of the text buffer is expected
                assertTrue(perStep < 64, sampling + ": " + perStep + " bytes per step");
                assertTrue(!s.isFinished());
            }
        }
    }
}
