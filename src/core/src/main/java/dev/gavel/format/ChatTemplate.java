package dev.gavel.format;

/**
 * Turns a system message (possibly empty) and one user message into the text a chat model
 * expects, ending with the assistant turn opened so the judge's answer comes next.
 *
 * <p>Implementations emit their control markers as trusted segments and keep the messages'
 * own segments (and therefore their trust kinds) unchanged, except for whitespace trimming
 * where the model's template trims. They never emit BOS: the engine adds it when the model's
 * metadata asks for it. A template backed by the model's own GGUF chat template can implement
 * this interface by rendering with sentinel strings and splicing the message segments back in.
 */
public interface ChatTemplate {
    /** Stable name, e.g. "chatml"; part of result provenance. */
    String id();

    /** Hex SHA-256 of the template's definition; changes whenever its output would. */
    String sha256();

    /**
     * @param system the system message; {@link PromptText#empty()} for none
     * @param user   the user message
     * @return the conversation up to and including the opened assistant turn
     */
    PromptText apply(PromptText system, PromptText user);
}
