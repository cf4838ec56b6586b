package dev.gavel.judge;

import dev.gavel.engine.Tuning;

/** A deliberate leak (a type of the unexported engine package in the judge's API) for ArchitectureTest to catch; never used. */
public final class ArchitectureSampleLeak {
    private ArchitectureSampleLeak() {
    }

    public static Tuning.Hardware leaks() {
        return new Tuning.Hardware(1, false);
    }
}
