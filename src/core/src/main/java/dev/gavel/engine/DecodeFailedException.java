package dev.gavel.engine;

import dev.gavel.GavelException;

/**
 * llama.cpp failed to decode a batch holding this request (a compute or backend error, not a
 * full KV cache). Only the requests whose tokens a failing decode held fail this way; the engine
 * rolls their cells back, finds the failing one by decoding them one at a time, and goes on
 * serving everything else.
 */
public final class DecodeFailedException extends GavelException {
    public DecodeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
