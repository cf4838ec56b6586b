package dev.gavel.judge;

import dev.gavel.InvalidOptionException;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JudgeOptionsTest {

    @Test
    void anInvalidValueNamesItsOptionAndTheRuleApartFromTheName() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> JudgeOptions.builder().contextSize(10).build());
        assertEquals("contextSize", e.option());
        assertEquals("contextSize must be >= 64, was 10", e.getMessage());
        assertEquals("CONTEXTSIZE must be >= 64, was 10", e.message(n -> n.toUpperCase(Locale.ROOT)));

        InvalidOptionException k = assertThrows(InvalidOptionException.class,
                () -> JudgeOptions.builder().samples(3).temperature(0).build());
        assertEquals("temperature", k.option());
        assertEquals(java.util.List.of("samples"), k.related());
        assertEquals("<temperature> must be > 0 when <samples> > 1: greedy samples would all be equal, was 0.0",
                k.message(n -> "<" + n + ">"));
    }

    @Test
    void samplingFiltersAreRefusedUnderGreedyDecodingWhereTheyWouldBeIgnored() {
        assertEquals("topK", assertThrows(InvalidOptionException.class,
                () -> JudgeOptions.builder().topK(40).build()).option());
        assertEquals("topP", assertThrows(InvalidOptionException.class,
                () -> JudgeOptions.builder().topP(0.9f).build()).option());
        assertEquals("minP", assertThrows(InvalidOptionException.class,
                () -> JudgeOptions.builder().minP(0.1f).build()).option());
        JudgeOptions sampled = JudgeOptions.builder().temperature(0.7f).topK(40).topP(0.9f).minP(0.1f).build();
        assertEquals(40, sampled.topK());
        assertEquals(0.9f, JudgeOptions.builder().samples(3).build().topP(), "k > 1 samples at top-p 0.9 by default");
    }
}
