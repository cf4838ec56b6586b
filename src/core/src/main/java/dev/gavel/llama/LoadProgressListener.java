package dev.gavel.llama;

/** Receives model-load progress from llama.cpp; return false to cancel the load. */
@FunctionalInterface
public interface LoadProgressListener {
    /** @param fraction progress in [0, 1] */
    boolean onProgress(float fraction);
}
