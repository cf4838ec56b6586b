/**
 * Gavel's library: open judge models (GGUF files run by llama.cpp through the FFM API) behind a
 * Java API.
 *
 * <p>What a user needs is exported: {@code dev.gavel}, the vocabulary (requests, results, rubrics,
 * score distributions, provenance, exceptions), and {@code dev.gavel.judge}, the {@code Judge}
 * and its options. The layers under the judge (engine, llama.cpp binding, GGUF, prompt formats,
 * tokenizers) are the library's own and stay inside the module; Gavel's command line and
 * benchmarks, which drive them directly, use the class path.
 */
module dev.gavel.core {
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires ai.djl.tokenizers;
    requires dev.gavel.natives;

    exports dev.gavel;
    exports dev.gavel.judge;
}
