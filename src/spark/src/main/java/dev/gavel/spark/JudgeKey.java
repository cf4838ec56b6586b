package dev.gavel.spark;

import dev.gavel.judge.JudgeOptions;

import java.util.Objects;

/**
 * What makes two judges interchangeable in one executor: the same model file (by content), the
 * same options, the same device. Tasks asking for equal keys share one open judge.
 *
 * @param modelSha256 hex SHA-256 of the model file
 * @param options     the judge options
 * @param device      "cpu", or the GPU the judge runs on ("default" when Spark assigned none)
 */
record JudgeKey(String modelSha256, JudgeOptions options, String device) {
    JudgeKey {
        Objects.requireNonNull(modelSha256, "modelSha256");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(device, "device");
    }

    boolean usesGpu() {
        return options.gpuLayers() > 0;
    }
}
