package dev.gavel.judge.recipe;

import dev.gavel.format.ChatTemplate;
import dev.gavel.format.JudgeFormat;
import dev.gavel.format.PrometheusFormat;
import dev.gavel.format.PromptText;
import dev.gavel.format.SentinelChatTemplate;
import dev.gavel.format.StandardChatTemplate;
import dev.gavel.llama.ChatMessage;
import dev.gavel.llama.ChatTemplates;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which chat template a judge wraps its prompts in: the one asked for, or automatically Mistral
 * for Prometheus 2 (its training layout), else the model's own, else ChatML. {@code gavel plan},
 * which reads no model, applies the same rule to a model without a template of its own, so that
 * by default it counts the prompts {@code grade} runs.
 */
public final class ChatTemplateChoice {
    /** The name that asks for the GGUF's own chat template. */
    public static final String MODEL = "model";

    private ChatTemplateChoice() {
    }

    /** The template name a judge uses when none is asked for. */
    public static String automatic(JudgeFormat format, boolean modelHasTemplate) {
        if (format.id().equals(PrometheusFormat.ID)) {
            return StandardChatTemplate.MISTRAL.id();
        }
        return modelHasTemplate ? MODEL : StandardChatTemplate.CHATML.id();
    }

    /**
     * The template for planning without a model: the built-in {@code requested}, or the automatic
     * choice for a model without a template of its own.
     *
     * @param requested a built-in name, or null for automatic
     * @throws IllegalArgumentException for an unknown name, or for {@value #MODEL}, which needs the GGUF
     */
    public static ChatTemplate withoutModel(String requested, JudgeFormat format) {
        String name = requested != null ? requested : automatic(format, false);
        if (isModel(name)) {
            throw new IllegalArgumentException("chat template '" + MODEL + "' is the GGUF's own and needs the model;"
                    + " name a built-in (" + builtInNames() + ")");
        }
        return StandardChatTemplate.named(name);
    }

    /**
     * The template a judge on {@code model} uses.
     *
     * @param requested a built-in name, {@value #MODEL}, or null for automatic
     * @throws IllegalArgumentException for an unknown name, or {@value #MODEL} when the GGUF has no
     *                                  template or llama.cpp cannot apply it
     */
    public static ChatTemplate forModel(String requested, JudgeFormat format, LlamaModel model) {
        String name = requested != null ? requested : automatic(format, model.chatTemplate(null).isPresent());
        if (!isModel(name)) {
            return StandardChatTemplate.named(name);
        }
        String source = model.chatTemplate(null).orElseThrow(() -> new IllegalArgumentException(
                "chat template '" + MODEL + "' requested but " + model.path() + " has no chat template; name a built-in ("
                        + builtInNames() + ")"));
        Vocabulary v = model.vocabulary();
        String bosText = v.bos() >= 0 ? v.text(v.bos()) : "";
        String modelName = model.info().name() != null ? model.info().name() : model.path().getFileName().toString();
        ChatTemplate t = new SentinelChatTemplate("gguf:" + modelName, source, bosText, (system, user) -> {
            List<ChatMessage> messages = new ArrayList<>(2);
            if (system != null) {
                messages.add(new ChatMessage("system", system));
            }
            messages.add(new ChatMessage("user", user));
            return ChatTemplates.apply(source, messages, true);
        });
        // Fail at open, not at the first request, when llama.cpp cannot apply this template.
        t.apply(PromptText.template("system"), PromptText.content("user"));
        return t;
    }

    private static boolean isModel(String name) {
        return name.strip().equalsIgnoreCase(MODEL);
    }

    private static List<String> builtInNames() {
        return Arrays.stream(StandardChatTemplate.values()).map(StandardChatTemplate::id).toList();
    }
}
