package dev.gavel.cli;

import dev.gavel.ModelLoadException;

/** Turns a refused model file into a message that says what to do about it. */
final class ModelProblems {
    private ModelProblems() {
    }

    static String explain(ModelLoadException e) {
        String hint = switch (e.reason()) {
            case NOT_READABLE -> "check the path given to --model (or inspect) and that the file is readable";
            case NOT_GGUF -> "this is not a GGUF model file; download a .gguf judge model (see docs/models.md)"
                    + " or convert one with llama.cpp's convert_hf_to_gguf.py";
            case TRUNCATED, TENSOR_DATA_OUT_OF_BOUNDS -> "the file is incomplete (interrupted download or copy?);"
                    + " copy it again and compare its sha256sum with the one you recorded";
            case UNSUPPORTED_VERSION, MALFORMED -> "the file is damaged or was written by an incompatible tool;"
                    + " fetch it again or re-convert it with a current llama.cpp";
            case NO_TENSORS -> "the file holds only a vocabulary, no weights; point --model at the full model";
            case UNSUPPORTED_ARCHITECTURE -> "this architecture is not supported by the bundled llama.cpp (b4916);"
                    + " use a llama/mistral/qwen2/phi3/gemma judge model";
            case CHECKSUM_MISMATCH -> "the file is not the one --model-sha256 names (a corrupted or unfinished"
                    + " download, or another model); fetch it again and compare with 'sha256sum'";
            case NATIVE_LOAD_FAILED -> "llama.cpp refused the file; check it with 'gavel inspect' and its checksum";
        };
        return e.getMessage() + "\n  what to do: " + hint;
    }
}
