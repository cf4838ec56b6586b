package dev.gavel.engine;

/** Why a generation ended. */
public enum FinishReason {
    /** The model sampled an end-of-generation token where that was allowed. */
    EOG,
    /** A stop string appeared in the decoded text; it is excluded from the text. */
    STOP_STRING,
    /** The token budget of the request was used up. */
    MAX_TOKENS,
    /** A constrained choice was completed; see {@link DecodingState#choices()}. */
    CHOICE_MADE
}
