/**
 * Pure-Java GGUF support: {@link dev.gavel.gguf.GgufFile} reads a file's header, metadata and
 * tensor table; {@link dev.gavel.gguf.GgufValidator} decides whether the bundled llama.cpp can load it
 * and describes it as a {@link dev.gavel.gguf.ModelInfo}; {@link dev.gavel.gguf.GgufWriter}
 * writes GGUF v3 with streamed tensor data; {@link dev.gavel.gguf.ModelSynthesizer} writes
 * random-weight llama models of real {@link dev.gavel.gguf.ModelShape}s with a
 * {@link dev.gavel.gguf.GgufVocabulary} that is generated, copied from another GGUF, or built
 * from a Hugging Face tokenizer.json by {@link dev.gavel.gguf.HuggingFaceVocabulary}.
 */
package dev.gavel.gguf;
