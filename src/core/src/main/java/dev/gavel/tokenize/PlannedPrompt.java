package dev.gavel.tokenize;

import dev.gavel.format.RenderedPrompt;

import java.util.Objects;

/**
 * One item to plan: a rendered judge prompt with the id it is reported under.
 *
 * @param id     the item's id, e.g. {@code "vicuna-12-llama-2-chat"}
 * @param prompt the rendered prompt
 */
public record PlannedPrompt(String id, RenderedPrompt prompt) {
    public PlannedPrompt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
    }
}
