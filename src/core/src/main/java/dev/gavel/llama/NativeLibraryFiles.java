package dev.gavel.llama;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The llama.cpp libraries of one build, all in one folder: ggml's base and loader libraries,
 * libllama, and the backend libraries ({@code libggml-cpu-*}, {@code libggml-cuda}, ...) that ggml
 * loads from the same folder at run time.
 *
 * @param folder   the folder; ggml scans it for backends
 * @param ggmlBase libggml-base, or null when the build links it into libggml
 * @param ggml     libggml (the backend registry), or null when linked into libllama
 * @param llama    libllama
 * @param origin   where the folder came from, for messages
 */
public record NativeLibraryFiles(Path folder, Path ggmlBase, Path ggml, Path llama, String origin) {

    /** The build in a folder, found by library name (versioned names such as libllama.v0.4.0.so included). */
    static NativeLibraryFiles inFolder(Path folder, String origin) {
        if (!Files.isDirectory(folder)) {
            throw new NativeLibraryException("the native library folder from " + origin + " does not exist: " + folder);
        }
        Path llama = first(NativeLibraryLocator.libraries(folder, "libllama").stream()
                .filter(p -> !p.getFileName().toString().startsWith("libllama-")).toList());
        if (llama == null) {
            llama = first(NativeLibraryLocator.libraries(folder, "llama."));
        }
        if (llama == null) {
            throw new NativeLibraryException("no libllama in the native library folder " + folder + " (from " + origin + ")");
        }
        Path base = first(NativeLibraryLocator.libraries(folder, "libggml-base"));
        Path ggml = first(NativeLibraryLocator.libraries(folder, "libggml").stream()
                .filter(p -> !p.getFileName().toString().startsWith("libggml-")).toList());
        return new NativeLibraryFiles(folder.toAbsolutePath(), base, ggml, llama, origin);
    }

    NativeLibraryFiles withLlama(Path library) {
        return new NativeLibraryFiles(folder, ggmlBase, ggml, library, origin);
    }

    private static Path first(List<Path> paths) {
        return paths.isEmpty() ? null : paths.getFirst();
    }
}
