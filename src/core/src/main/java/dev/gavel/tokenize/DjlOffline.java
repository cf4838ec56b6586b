package dev.gavel.tokenize;

/**
 * Keeps DJL from reaching the network. DJL's {@code Utils.isOfflineMode()} reads the environment
 * variable {@code DJL_OFFLINE}, then the system property {@code ai.djl.offline}; in offline mode
 * its tokenizers library loads the CPU build bundled in the jar (extracted to
 * {@code ~/.djl.ai/tokenizers}) instead of downloading a CUDA flavour, and hub look-ups fail
 * instead of downloading. Must run before the first DJL tokenizer class initialises.
 */
final class DjlOffline {
    /** The system property DJL consults when {@code DJL_OFFLINE} is not set. */
    static final String PROPERTY = "ai.djl.offline";

    private DjlOffline() {
    }

    /** Sets {@code ai.djl.offline=true} unless the caller already chose a value. */
    static void ensure() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }
}
