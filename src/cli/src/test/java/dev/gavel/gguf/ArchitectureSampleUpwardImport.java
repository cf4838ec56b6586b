package dev.gavel.gguf;

import dev.gavel.judge.Judge;

/** A deliberate upward import (gguf reaching the judge) for ArchitectureTest to catch; never used. */
final class ArchitectureSampleUpwardImport {
    private ArchitectureSampleUpwardImport() {
    }

    static Class<?> reachesUp() {
        return Judge.class;
    }
}
