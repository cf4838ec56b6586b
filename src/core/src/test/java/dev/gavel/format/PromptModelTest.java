package dev.gavel.format;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptModelTest {
    @Test
    void adjacentSameKindSegmentsMergeAndEmptiesVanish() {
        PromptText t = PromptText.builder().template("a").template("b").content("").content("c").content("d")
                .template("e").build();
        assertEquals(List.of(PromptSegment.template("ab"), PromptSegment.content("cd"), PromptSegment.template("e")),
                t.segments());
        assertEquals("abcde", t.text());
        RenderedPrompt p = new RenderedPrompt(List.of(PromptSegment.template("x"), PromptSegment.template("y")),
                AnswerSpec.feedbackThenScore("[RESULT] ", List.of("1", "2")), "f", "raw", "0");
        assertEquals(List.of(PromptSegment.template("xy")), p.segments());
    }

    @Test
    void stripCrossesSegmentBoundaries() {
        PromptText t = PromptText.builder().template("  ").content("\n x").template(" y ").content(" \n").build();
        assertEquals(List.of(PromptSegment.content("x"), PromptSegment.template(" y")), t.strip().segments());
    }

    @Test
    void extractChoicePrefersLongestOptionAndLastMarker() {
        AnswerSpec s = AnswerSpec.feedbackThenScore("[RESULT] ", List.of("1", "2", "10"));
        assertEquals(Optional.of("10"), s.extractChoice("bad [RESULT] 1 then fixed [RESULT] 10"));
        assertEquals(Optional.of("2"), s.extractChoice("ok [RESULT]2"));
        assertEquals(Optional.empty(), s.extractChoice("no marker 2"));
        assertEquals(Optional.empty(), s.extractChoice("[RESULT] 7"));
        assertEquals(Optional.empty(), s.extractChoice("[RESULT] 1x"));
        assertEquals(Optional.of("2"), s.asScoreOnly().extractChoice("2"));
    }

    @Test
    void answerSpecValidation() {
        assertThrows(IllegalArgumentException.class, () -> AnswerSpec.feedbackThenScore("", List.of("1")));
        assertThrows(IllegalArgumentException.class, () -> AnswerSpec.feedbackThenScore("[RESULT] ", List.of()));
        assertThrows(IllegalArgumentException.class, () -> AnswerSpec.feedbackThenScore("[RESULT] ", List.of("A", "A")));
        assertThrows(IllegalArgumentException.class, () -> AnswerSpec.feedbackThenScore("[RESULT] ", List.of(" A")));
        assertEquals("", AnswerSpec.scoreOnly("", List.of("A")).marker());
    }

    @Test
    void placeholderSyntaxErrorsSayWhere() {
        var allowed = java.util.Set.of("a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlaceholderTemplate.parse("x\n  {b}", allowed));
        assertTrue(e.getMessage().contains("{b}") && e.getMessage().contains("line 2, column 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PlaceholderTemplate.parse("x {a", allowed));
        assertThrows(IllegalArgumentException.class, () -> PlaceholderTemplate.parse("x } y", allowed));
        assertThrows(IllegalArgumentException.class, () -> PlaceholderTemplate.parse("{a b}", allowed));
        PlaceholderTemplate t = PlaceholderTemplate.parse("{{{a}}}", allowed);
        assertEquals("{v}", t.render(java.util.Map.of("a", PromptText.content("v"))).text());
        assertThrows(IllegalArgumentException.class, () -> t.render(java.util.Map.of()));
    }
}
