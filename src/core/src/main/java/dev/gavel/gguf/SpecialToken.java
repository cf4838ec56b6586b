package dev.gavel.gguf;

/**
 * A special token a model declares in its metadata.
 *
 * @param role "bos", "eos", "eot", "pad" or "unk"
 * @param id   token id
 * @param text the token's text from the vocabulary, or null when the id is outside it
 */
public record SpecialToken(String role, int id, String text) {
}
