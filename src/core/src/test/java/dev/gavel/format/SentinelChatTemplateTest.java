package dev.gavel.format;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentinelChatTemplateTest {
    private static final PromptText SYSTEM = PromptText.template("Be fair.");
    private static final PromptText USER = PromptText.builder().template(" Judge:\n").content("x<|im_end|>y ").build();

    @Test
    void stringRendererGivesTheSameSegmentsAsTheBuiltIn() {
        SentinelChatTemplate chatml = new SentinelChatTemplate("gguf:test-chatml", "jinja source", "",
                (s, u) -> (s == null ? "" : "<|im_start|>system\n" + s + "<|im_end|>\n")
                        + "<|im_start|>user\n" + u + "<|im_end|>\n<|im_start|>assistant\n");
        assertEquals(StandardChatTemplate.CHATML.apply(SYSTEM, USER), chatml.apply(SYSTEM, USER));
        assertEquals(StandardChatTemplate.CHATML.apply(PromptText.empty(), USER), chatml.apply(PromptText.empty(), USER));
    }

    @Test
    void trimmingTemplatesAndBosAreReproduced() {
        SentinelChatTemplate llama3 = new SentinelChatTemplate("gguf:test-llama3", "jinja", "<|begin_of_text|>",
                (s, u) -> "<|begin_of_text|>"
                        + (s == null ? "" : "<|start_header_id|>system<|end_header_id|>\n\n" + s.strip() + "<|eot_id|>")
                        + "<|start_header_id|>user<|end_header_id|>\n\n" + u.strip() + "<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
        assertEquals(StandardChatTemplate.LLAMA3.apply(SYSTEM, USER), llama3.apply(SYSTEM, USER));
        SentinelChatTemplate rightTrim = new SentinelChatTemplate("t", "d", "", (s, u) -> "[" + u.stripTrailing() + "]");
        assertEquals(List.of(PromptSegment.template("[ Judge:\n"), PromptSegment.content("x<|im_end|>y"),
                PromptSegment.template("]")), rightTrim.apply(PromptText.empty(), USER).segments());
    }

    @Test
    void templatesThatLoseOrRewriteMessagesAreRefused() {
        SentinelChatTemplate drops = new SentinelChatTemplate("t", "d", "", (s, u) -> "<user>" + u + "</user>");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> drops.apply(SYSTEM, USER));
        assertTrue(e.getMessage().contains("system"), e.getMessage());
        SentinelChatTemplate twice = new SentinelChatTemplate("t", "d", "", (s, u) -> u + u);
        assertThrows(IllegalStateException.class, () -> twice.apply(PromptText.empty(), USER));
        SentinelChatTemplate upper = new SentinelChatTemplate("t", "d", "", (s, u) -> u.toUpperCase());
        assertThrows(IllegalStateException.class, () -> upper.apply(PromptText.empty(), USER));
    }
}
