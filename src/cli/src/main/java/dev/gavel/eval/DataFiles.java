package dev.gavel.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a data file named on the command line: the path as given, or, when that does not exist
 * and the name is relative, the same name under the shared benchmark data directory
 * ({@code $GAVEL_SHARED/data/dev}, default {@code ../shared/data/dev}), so that
 * {@code --data pandalm_testset_v1.json} works from the project directory.
 */
public final class DataFiles {
    private DataFiles() {
    }

    public static Path resolve(Path given) {
        if (Files.exists(given) || given.isAbsolute()) {
            return given;
        }
        String shared = System.getenv("GAVEL_SHARED");
        Path root = shared == null || shared.isBlank() ? Path.of("..", "shared") : Path.of(shared);
        Path candidate = root.resolve("data").resolve("dev").resolve(given);
        return Files.exists(candidate) ? candidate : given;
    }
}
