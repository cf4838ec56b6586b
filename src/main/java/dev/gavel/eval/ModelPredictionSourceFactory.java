package dev.gavel.eval;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Service-provider seam for the model-run mode: an implementation that runs a judge model over a
 * dataset registers itself in {@code META-INF/services/dev.gavel.eval.ModelPredictionSourceFactory},
 * and {@code gavel eval --model} picks it up. Until one is registered the mode reports itself as
 * unavailable rather than pretending to work.
 */
public interface ModelPredictionSourceFactory {

    /** A source that judges each dataset item with the given GGUF model. */
    PredictionSource open(Path model) throws dev.gavel.GavelException;

    /** The registered factory, if this build has one. */
    static Optional<ModelPredictionSourceFactory> installed() {
        return ServiceLoader.load(ModelPredictionSourceFactory.class).findFirst();
    }
}
