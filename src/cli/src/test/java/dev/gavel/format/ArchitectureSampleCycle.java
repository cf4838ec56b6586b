package dev.gavel.format;

import dev.gavel.tokenize.PromptTokenizer;

/**
 * A deliberate cycle (format reaching tokenize, which imports format) for ArchitectureTest to
 * catch; never used.
 */
final class ArchitectureSampleCycle {
    private ArchitectureSampleCycle() {
    }

    static Class<?> closesACycle() {
        return PromptTokenizer.class;
    }
}
