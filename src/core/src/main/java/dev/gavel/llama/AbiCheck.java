package dev.gavel.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads llama.cpp's default parameter structs back through Gavel's layouts and compares them with
 * the values b4916 is known to return. A library built from another llama.cpp version usually has
 * shifted fields, which shows up here as nonsense defaults long before it could corrupt memory.
 */
final class AbiCheck {
    private AbiCheck() {
    }

    static List<String> mismatches(LlamaNative lib) {
        List<String> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mp = (MemorySegment) lib.modelDefaultParams.invokeExact((SegmentAllocator) arena);
            expect(out, "llama_model_params.n_gpu_layers", Structs.getInt(mp, Structs.MODEL_PARAMS, "n_gpu_layers"), 0);
            expect(out, "llama_model_params.split_mode", Structs.getInt(mp, Structs.MODEL_PARAMS, "split_mode"), 1);
            expect(out, "llama_model_params.main_gpu", Structs.getInt(mp, Structs.MODEL_PARAMS, "main_gpu"), 0);
            expect(out, "llama_model_params.vocab_only", Structs.getBool(mp, Structs.MODEL_PARAMS, "vocab_only"), false);
            expect(out, "llama_model_params.use_mmap", Structs.getBool(mp, Structs.MODEL_PARAMS, "use_mmap"), true);
            expect(out, "llama_model_params.use_mlock", Structs.getBool(mp, Structs.MODEL_PARAMS, "use_mlock"), false);
            expect(out, "llama_model_params.progress_callback",
                    Structs.getAddress(mp, Structs.MODEL_PARAMS, "progress_callback").address(), 0L);

            MemorySegment cp = (MemorySegment) lib.contextDefaultParams.invokeExact((SegmentAllocator) arena);
            expect(out, "llama_context_params.n_ctx", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_ctx"), 512);
            expect(out, "llama_context_params.n_batch", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_batch"), 2048);
            expect(out, "llama_context_params.n_ubatch", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_ubatch"), 512);
            expect(out, "llama_context_params.n_seq_max", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_seq_max"), 1);
            expect(out, "llama_context_params.rope_scaling_type", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "rope_scaling_type"), -1);
            expect(out, "llama_context_params.pooling_type", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "pooling_type"), -1);
            expect(out, "llama_context_params.attention_type", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "attention_type"), -1);
            expect(out, "llama_context_params.yarn_ext_factor", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "yarn_ext_factor"), -1f);
            expect(out, "llama_context_params.yarn_attn_factor", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "yarn_attn_factor"), 1f);
            expect(out, "llama_context_params.yarn_beta_fast", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "yarn_beta_fast"), 32f);
            expect(out, "llama_context_params.yarn_beta_slow", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "yarn_beta_slow"), 1f);
            expect(out, "llama_context_params.defrag_thold", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "defrag_thold"), -1f);
            expect(out, "llama_context_params.type_k", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "type_k"), GgmlType.F16.id());
            expect(out, "llama_context_params.type_v", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "type_v"), GgmlType.F16.id());
            expect(out, "llama_context_params.logits_all", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "logits_all"), false);
            expect(out, "llama_context_params.offload_kqv", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "offload_kqv"), true);
            expect(out, "llama_context_params.flash_attn", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "flash_attn"), false);
            expect(out, "llama_context_params.no_perf", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "no_perf"), true);
            expect(out, "llama_context_params.abort_callback",
                    Structs.getAddress(cp, Structs.CONTEXT_PARAMS, "abort_callback").address(), 0L);
        } catch (Throwable t) {
            out.add("reading default parameters failed: " + t);
        }
        return out;
    }

    private static void expect(List<String> out, String field, Object actual, Object expected) {
        if (!expected.equals(actual)) {
            out.add(field + " read back " + actual + ", expected " + expected);
        }
    }
}
