package dev.gavel;

/**
 * Everything needed to reproduce or audit a judgment.
 *
 * @param modelSha256    hex SHA-256 of the model file
 * @param modelName      {@code general.name} of the model, or null
 * @param architecture   the model architecture, e.g. "llama"
 * @param quantization   the weights' type, e.g. "Q4_K_M"
 * @param formatId       the judge prompt format, e.g. "prometheus2"
 * @param templateSha256 hash of the exact prompt template (format and chat template definitions)
 * @param chatTemplate   the chat template's id, e.g. "mistral", "chatml", "gguf:..."
 * @param mode           "feedback-then-score" or "score-only"
 * @param samples        samples per prompt (k)
 * @param temperature    sampling temperature (0 = greedy)
 * @param topK           top-k (0 = off)
 * @param topP           top-p (1 = off)
 * @param minP           min-p (0 = off)
 * @param seed           the first sample's seed; sample i used seed + i
 * @param gavelVersion   Gavel's version
 */
public record Provenance(String modelSha256, String modelName, String architecture, String quantization,
                         String formatId, String templateSha256, String chatTemplate, String mode, int samples,
                         float temperature, int topK, float topP, float minP, long seed, String gavelVersion) {
}
