package dev.gavel;

import java.nio.file.Path;

/**
 * The judge model's identity.
 *
 * @param file         the GGUF file
 * @param fileSize     its size in bytes
 * @param sha256       hex SHA-256 of the file (computed once, cached on disk)
 * @param name         {@code general.name}, or null
 * @param architecture e.g. "llama"
 * @param quantization e.g. "Q4_K_M", "F32"
 */
public record ModelProvenance(Path file, long fileSize, String sha256, String name, String architecture,
                              String quantization) {
}
