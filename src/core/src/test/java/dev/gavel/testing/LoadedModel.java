package dev.gavel.testing;

import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A model loaded once for a test class and closed after it, in place of a static field with its
 * own {@code BeforeAll}/{@code AfterAll} pair: a static field annotated {@code RegisterExtension},
 * {@code static final LoadedModel MODEL = LoadedModel.shared("stories260K.gguf")}, and
 * {@code MODEL.model()} in the tests.
 */
public final class LoadedModel implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<Path> file;
    private LlamaModel model;

    private LoadedModel(Supplier<Path> file) {
        this.file = file;
    }

    /** A model of the shared fixtures' models folder. */
    public static LoadedModel shared(String name) {
        return new LoadedModel(() -> SharedFixtures.model(name));
    }

    /** The model at a path found when the class starts (a synthesized one, say). */
    public static LoadedModel of(Supplier<Path> file) {
        return new LoadedModel(file);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        model = LlamaModel.load(file.get(), ModelOptions.defaults());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (model != null) {
            model.close();
            model = null;
        }
    }

    /** The loaded model (only between the class's start and end). */
    public LlamaModel model() {
        if (model == null) {
            throw new IllegalStateException("the model is loaded only while its test class runs");
        }
        return model;
    }
}
