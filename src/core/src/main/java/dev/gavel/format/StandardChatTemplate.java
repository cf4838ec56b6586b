package dev.gavel.format;

import java.util.Arrays;
import java.util.Locale;

/**
 * Built-in chat templates, written to match the Jinja templates those model families ship
 * (generation prompt on, no BOS). Models without a system role (Mistral, Gemma) get the system
 * text in front of the user message, separated by a blank line, as Prometheus 2 was trained.
 */
public enum StandardChatTemplate implements ChatTemplate {
    /** No chat markup: system (if any), a blank line, the user message. For base models and byte-exact dataset checks. */
    RAW("raw") {
        @Override
        public PromptText apply(PromptText system, PromptText user) {
            return withSystemInFront(system, user);
        }
    },
    /**
     * ChatML (Qwen, many fine-tunes): {@code <|im_start|>role\n...<|im_end|>\n}. With no system
     * message no system turn is written (Qwen 2.5's own template would insert its default one).
     */
    CHATML("chatml") {
        @Override
        public PromptText apply(PromptText system, PromptText user) {
            PromptText.Builder b = PromptText.builder();
            if (!system.isEmpty()) {
                b.template("<|im_start|>system\n").append(system).template("<|im_end|>\n");
            }
            return b.template("<|im_start|>user\n").append(user).template("<|im_end|>\n")
                    .template("<|im_start|>assistant\n").build();
        }
    },
    /**
     * Llama 3 instruct; its template trims message content. Llama 3.1+ templates also add a dated
     * preamble to the system message; use the model's own (GGUF) template where that matters.
     */
    LLAMA3("llama3") {
        @Override
        public PromptText apply(PromptText system, PromptText user) {
            PromptText.Builder b = PromptText.builder();
            if (!system.isEmpty()) {
                b.template("<|start_header_id|>system<|end_header_id|>\n\n").append(system.strip())
                        .template("<|eot_id|>");
            }
            return b.template("<|start_header_id|>user<|end_header_id|>\n\n").append(user.strip())
                    .template("<|eot_id|>").template("<|start_header_id|>assistant<|end_header_id|>\n\n").build();
        }
    },
    /** Mistral instruct v0.1-v0.3 (and Prometheus 2, a Mistral fine-tune): {@code [INST] ... [/INST]}, no system role. */
    MISTRAL("mistral") {
        @Override
        public PromptText apply(PromptText system, PromptText user) {
            return PromptText.builder().template("[INST] ").append(withSystemInFront(system, user))
                    .template(" [/INST]").build();
        }
    },
    /** Phi-3 / Phi-3.5 instruct: {@code <|user|>\n...<|end|>\n<|assistant|>\n}. */
    PHI3("phi3") {
        @Override
        public PromptText apply(PromptText system, PromptText user) {
            PromptText.Builder b = PromptText.builder();
            if (!system.isEmpty()) {
                b.template("<|system|>\n").append(system).template("<|end|>\n");
            }
            return b.template("<|user|>\n").append(user).template("<|end|>\n").template("<|assistant|>\n").build();
        }
    },
    /**
     * Gemma 3 instruct (and Gemma 2, which refuses system messages): no system role, so the system
     * text plus a blank line prefixes the user message untrimmed; message content is trimmed;
     * the assistant role is named "model".
     */
    GEMMA("gemma") {
        @Override
        public PromptText apply(PromptText system, PromptText user) {
            PromptText body = system.isEmpty() ? user.strip()
                    : PromptText.builder().append(system).template("\n\n").append(user.strip()).build();
            return PromptText.builder().template("<start_of_turn>user\n").append(body)
                    .template("<end_of_turn>\n").template("<start_of_turn>model\n").build();
        }
    };

    private final String id;

    StandardChatTemplate(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String sha256() {
        // The definition is this class's code; rendering a probe conversation captures it.
        String sys = "\u0000S";
        String usr = "\u0000U";
        return Sha256.of("gavel-chat-template", id, apply(PromptText.template(sys), PromptText.content(usr)).text(),
                apply(PromptText.empty(), PromptText.content(usr)).text());
    }

    /** The built-in template with this id (case-insensitive). */
    public static StandardChatTemplate named(String id) {
        if (id == null) {
            throw new IllegalArgumentException("chat template id must not be null");
        }
        String want = id.strip().toLowerCase(Locale.ROOT);
        for (StandardChatTemplate t : values()) {
            if (t.id.equals(want)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown chat template '" + id + "'; built-ins are "
                + Arrays.stream(values()).map(StandardChatTemplate::id).toList());
    }

    private static PromptText withSystemInFront(PromptText system, PromptText user) {
        if (system.isEmpty()) {
            return user;
        }
        return PromptText.builder().append(system).template("\n\n").append(user).build();
    }
}
