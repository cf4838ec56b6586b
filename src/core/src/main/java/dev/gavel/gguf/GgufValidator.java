package dev.gavel.gguf;

import dev.gavel.ModelLoadException;
import dev.gavel.ModelLoadException.Reason;

import java.nio.file.Path;

/**
 * Decides, in Java and before any native code sees it, whether a file is a GGUF model that
 * the bundled llama.cpp can load: well-formed header and tables, at least one tensor, every tensor's
 * data inside the file, a known architecture, and none of the values llama.cpp would abort on
 * instead of refusing ({@link LlamaCppPreconditions}: equal token texts, mistyped or short
 * vocabulary arrays, missing byte tokens, misplaced tensor data, types ggml cannot compute with).
 */
public final class GgufValidator {
    private GgufValidator() {
    }

    /**
     * Validates a model file and describes it.
     *
     * @throws ModelLoadException with the reason the file was refused
     */
    public static ModelInfo validate(Path path) throws ModelLoadException {
        return validate(GgufFile.read(path));
    }

    /** Validates an already parsed file. */
    public static ModelInfo validate(GgufFile f) throws ModelLoadException {
        Path path = f.path();
        if (f.tensors().isEmpty()) {
            throw new ModelLoadException(path, Reason.NO_TENSORS,
                    "the file has no tensors (a vocabulary-only GGUF?); " + f.metadata().size() + " metadata keys");
        }
        for (GgufTensorInfo t : f.tensors()) {
            long size = t.byteSize();
            long start = f.dataStart() + t.offset();
            long end = start + size;
            if (start < 0 || end < start || end > f.fileSize()) {
                throw new ModelLoadException(path, Reason.TENSOR_DATA_OUT_OF_BOUNDS, "tensor " + t.name() + " ("
                        + t.type() + ", " + size + " bytes) spans bytes " + Long.toUnsignedString(start) + ".."
                        + Long.toUnsignedString(end) + " but the file has " + f.fileSize() + " bytes");
            }
        }
        String arch = f.architecture().orElseThrow(() -> new ModelLoadException(path,
                Reason.UNSUPPORTED_ARCHITECTURE, "no string general.architecture in the metadata"));
        if (!LlamaCppArchitectures.isSupported(arch)) {
            throw new ModelLoadException(path, Reason.UNSUPPORTED_ARCHITECTURE,
                    "general.architecture \"" + arch + "\" is not one the bundled llama.cpp (" + LlamaCppArchitectures.BUILD + ") knows");
        }
        LlamaCppPreconditions.check(f);
        return ModelInfo.of(f);
    }
}
