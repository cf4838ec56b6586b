package dev.gavel.llama;

import java.util.Objects;

/** One message for llama.cpp's chat-template application. */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
