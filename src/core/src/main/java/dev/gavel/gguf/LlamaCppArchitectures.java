package dev.gavel.gguf;

import java.util.Set;

/**
 * The {@code general.architecture} names llama.cpp b4916 (the build inside jllama 4.2.0) can
 * load, from its {@code LLM_ARCH_NAMES} table. Mistral and Mixtral models are stored as
 * {@code llama}; there is no "mistral" architecture in this build.
 */
public final class LlamaCppArchitectures {
    private static final Set<String> NAMES = Set.of(
            "llama", "deci", "falcon", "grok", "gpt2", "gptj", "gptneox", "mpt", "baichuan",
            "starcoder", "refact", "bert", "nomic-bert", "jina-bert-v2", "bloom", "stablelm",
            "qwen", "qwen2", "qwen2moe", "qwen2vl", "phi2", "phi3", "phimoe", "plamo", "codeshell",
            "orion", "internlm2", "minicpm", "minicpm3", "gemma", "gemma2", "gemma3", "starcoder2",
            "mamba", "xverse", "command-r", "cohere2", "dbrx", "olmo", "olmo2", "olmoe", "openelm",
            "arctic", "deepseek", "deepseek2", "chatglm", "bitnet", "t5", "t5encoder", "jais",
            "nemotron", "exaone", "rwkv6", "rwkv6qwen2", "rwkv7", "arwkv7", "granite", "granitemoe",
            "chameleon", "wavtokenizer-dec");

    private LlamaCppArchitectures() {
    }

    public static boolean isSupported(String architecture) {
        return NAMES.contains(architecture);
    }

    /** All supported names. */
    public static Set<String> names() {
        return NAMES;
    }
}
