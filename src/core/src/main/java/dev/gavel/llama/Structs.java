package dev.gavel.llama;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * llama.cpp v0.4.0's C structs (commit 5b4ebc5, the build node-llama-cpp 3.21.1 ships) as FFM
 * layouts, x86_64/aarch64 LP64. Field order and padding follow that commit's llama.h; the library's
 * defaults are read back through them at start-up ({@link AbiCheck}), so a library of another
 * version is refused before a shifted field can corrupt memory.
 */
final class Structs {
    private Structs() {
    }

    /** {@code struct llama_model_params}, 80 bytes. */
    static final StructLayout MODEL_PARAMS = MemoryLayout.structLayout(
            ADDRESS.withName("devices"),
            ADDRESS.withName("tensor_buft_overrides"),
            JAVA_INT.withName("n_gpu_layers"),
            JAVA_INT.withName("split_mode"),
            JAVA_INT.withName("load_mode"),
            JAVA_INT.withName("lazy_mode"),
            JAVA_INT.withName("main_gpu"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("tensor_split"),
            ADDRESS.withName("progress_callback"),
            ADDRESS.withName("progress_callback_user_data"),
            ADDRESS.withName("kv_overrides"),
            JAVA_BOOLEAN.withName("vocab_only"),
            JAVA_BOOLEAN.withName("check_tensors"),
            JAVA_BOOLEAN.withName("use_extra_bufts"),
            JAVA_BOOLEAN.withName("no_host"),
            JAVA_BOOLEAN.withName("no_alloc"),
            JAVA_BOOLEAN.withName("load_mtp"),
            MemoryLayout.paddingLayout(2)).withName("llama_model_params");

    /** {@code struct llama_context_params}, 160 bytes. */
    static final StructLayout CONTEXT_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("n_ctx"),
            JAVA_INT.withName("n_batch"),
            JAVA_INT.withName("n_ubatch"),
            JAVA_INT.withName("n_seq_max"),
            JAVA_INT.withName("n_rs_seq"),
            JAVA_INT.withName("n_outputs_max"),
            JAVA_INT.withName("n_outputs_max_per_seq"),
            JAVA_INT.withName("n_threads"),
            JAVA_INT.withName("n_threads_batch"),
            JAVA_INT.withName("ctx_type"),
            JAVA_INT.withName("rope_scaling_type"),
            JAVA_INT.withName("pooling_type"),
            JAVA_INT.withName("attention_type"),
            JAVA_INT.withName("flash_attn_type"),
            JAVA_FLOAT.withName("rope_freq_base"),
            JAVA_FLOAT.withName("rope_freq_scale"),
            JAVA_FLOAT.withName("yarn_ext_factor"),
            JAVA_FLOAT.withName("yarn_attn_factor"),
            JAVA_FLOAT.withName("yarn_beta_fast"),
            JAVA_FLOAT.withName("yarn_beta_slow"),
            JAVA_INT.withName("yarn_orig_ctx"),
            JAVA_FLOAT.withName("defrag_thold"),
            ADDRESS.withName("cb_eval"),
            ADDRESS.withName("cb_eval_user_data"),
            JAVA_INT.withName("type_k"),
            JAVA_INT.withName("type_v"),
            ADDRESS.withName("abort_callback"),
            ADDRESS.withName("abort_callback_data"),
            JAVA_BOOLEAN.withName("embeddings"),
            JAVA_BOOLEAN.withName("offload_kqv"),
            JAVA_BOOLEAN.withName("no_perf"),
            JAVA_BOOLEAN.withName("op_offload"),
            JAVA_BOOLEAN.withName("swa_full"),
            JAVA_BOOLEAN.withName("kv_unified"),
            MemoryLayout.paddingLayout(2),
            ADDRESS.withName("samplers"),
            JAVA_LONG.withName("n_samplers"),
            ADDRESS.withName("ctx_other")).withName("llama_context_params");

    /** {@code struct llama_batch}, 56 bytes. */
    static final StructLayout BATCH = MemoryLayout.structLayout(
            JAVA_INT.withName("n_tokens"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("token"),
            ADDRESS.withName("embd"),
            ADDRESS.withName("pos"),
            ADDRESS.withName("n_seq_id"),
            ADDRESS.withName("seq_id"),
            ADDRESS.withName("logits")).withName("llama_batch");

    /** {@code struct llama_chat_message}: role and content, both C strings. */
    static final StructLayout CHAT_MESSAGE = MemoryLayout.structLayout(
            ADDRESS.withName("role"), ADDRESS.withName("content")).withName("llama_chat_message");

    /** {@code struct llama_token_data}: id, logit, p. */
    static final StructLayout TOKEN_DATA = MemoryLayout.structLayout(
            JAVA_INT.withName("id"), JAVA_FLOAT.withName("logit"), JAVA_FLOAT.withName("p")).withName("llama_token_data");

    /** {@code struct llama_token_data_array}: data, size, selected, sorted. */
    static final StructLayout TOKEN_DATA_ARRAY = MemoryLayout.structLayout(
            ADDRESS.withName("data"),
            JAVA_LONG.withName("size"),
            JAVA_LONG.withName("selected"),
            JAVA_BOOLEAN.withName("sorted"),
            MemoryLayout.paddingLayout(7)).withName("llama_token_data_array");

    static int getInt(MemorySegment s, GroupLayout layout, String name) {
        return s.get(JAVA_INT, layout.byteOffset(MemoryLayout.PathElement.groupElement(name)));
    }

    static void setInt(MemorySegment s, GroupLayout layout, String name, int value) {
        s.set(JAVA_INT, layout.byteOffset(MemoryLayout.PathElement.groupElement(name)), value);
    }

    static float getFloat(MemorySegment s, GroupLayout layout, String name) {
        return s.get(JAVA_FLOAT, layout.byteOffset(MemoryLayout.PathElement.groupElement(name)));
    }

    static boolean getBool(MemorySegment s, GroupLayout layout, String name) {
        return s.get(JAVA_BOOLEAN, layout.byteOffset(MemoryLayout.PathElement.groupElement(name)));
    }

    static void setBool(MemorySegment s, GroupLayout layout, String name, boolean value) {
        s.set(JAVA_BOOLEAN, layout.byteOffset(MemoryLayout.PathElement.groupElement(name)), value);
    }

    static MemorySegment getAddress(MemorySegment s, GroupLayout layout, String name) {
        return s.get(ADDRESS, layout.byteOffset(MemoryLayout.PathElement.groupElement(name)));
    }

    static void setAddress(MemorySegment s, GroupLayout layout, String name, MemorySegment value) {
        s.set(ADDRESS, layout.byteOffset(MemoryLayout.PathElement.groupElement(name)), value);
    }
}
