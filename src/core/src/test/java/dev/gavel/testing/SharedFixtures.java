package dev.gavel.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Locates the shared fixtures (models, benchmark data, tokenizers) that live beside the project
 * and are never committed. Order: environment GAVEL_SHARED, system property gavel.shared, then
 * ../shared. Tests that need a fixture call {@link #require} so they are skipped, not failed, on
 * a fresh machine without it; CI always has it.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path root() {
        String env = System.getenv("GAVEL_SHARED");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String prop = System.getProperty("gavel.shared");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return Path.of("..", "shared");
    }

    /** The fixture at a path relative to the shared root; skips the calling test when absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        boolean inCi = "true".equals(System.getenv("CI"));
        if (inCi && !Files.exists(p)) {
            throw new IllegalStateException("CI must have the shared fixture " + p);
        }
        assumeTrue(Files.exists(p), () -> "shared fixture not present: " + p);
        return p;
    }

    public static Path model(String name) {
        return require("models/" + name);
    }

    public static Path data(String name) {
        return require("data/dev/" + name);
    }

    public static Path tokenizer(String name) {
        return require("tokenizers/" + name);
    }
}
