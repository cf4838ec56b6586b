package dev.gavel.llama;

import dev.gavel.gguf.GgmlType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads llama.cpp's default parameter structs back through Gavel's layouts and compares them with
 * the values v0.4.0 (5b4ebc5) is known to return. A library built from another llama.cpp version
 * usually has shifted or new fields, which shows up here as nonsense defaults long before it
 * could corrupt memory; every mismatch is named.
 */
final class AbiCheck {
    private AbiCheck() {
    }

    static List<String> mismatches(LlamaNative lib) {
        List<String> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mp = (MemorySegment) lib.modelDefaultParams.invokeExact((SegmentAllocator) arena);
            String m = "llama_model_params.";
            expect(out, m + "tensor_buft_overrides", Structs.getAddress(mp, Structs.MODEL_PARAMS, "tensor_buft_overrides").address(), 0L);
            expect(out, m + "n_gpu_layers", Structs.getInt(mp, Structs.MODEL_PARAMS, "n_gpu_layers"), -1);
            expect(out, m + "split_mode", Structs.getInt(mp, Structs.MODEL_PARAMS, "split_mode"), 1);
            expect(out, m + "load_mode", Structs.getInt(mp, Structs.MODEL_PARAMS, "load_mode"), -1);
            expect(out, m + "lazy_mode", Structs.getInt(mp, Structs.MODEL_PARAMS, "lazy_mode"), 1);
            expect(out, m + "main_gpu", Structs.getInt(mp, Structs.MODEL_PARAMS, "main_gpu"), 0);
            expect(out, m + "progress_callback", Structs.getAddress(mp, Structs.MODEL_PARAMS, "progress_callback").address(), 0L);
            expect(out, m + "kv_overrides", Structs.getAddress(mp, Structs.MODEL_PARAMS, "kv_overrides").address(), 0L);
            expect(out, m + "vocab_only", Structs.getBool(mp, Structs.MODEL_PARAMS, "vocab_only"), false);
            expect(out, m + "check_tensors", Structs.getBool(mp, Structs.MODEL_PARAMS, "check_tensors"), false);
            expect(out, m + "use_extra_bufts", Structs.getBool(mp, Structs.MODEL_PARAMS, "use_extra_bufts"), true);
            expect(out, m + "no_host", Structs.getBool(mp, Structs.MODEL_PARAMS, "no_host"), false);
            expect(out, m + "no_alloc", Structs.getBool(mp, Structs.MODEL_PARAMS, "no_alloc"), false);
            expect(out, m + "load_mtp", Structs.getBool(mp, Structs.MODEL_PARAMS, "load_mtp"), false);

            MemorySegment cp = (MemorySegment) lib.contextDefaultParams.invokeExact((SegmentAllocator) arena);
            String c = "llama_context_params.";
            expect(out, c + "n_ctx", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_ctx"), 512);
            expect(out, c + "n_batch", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_batch"), 2048);
            expect(out, c + "n_ubatch", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_ubatch"), 512);
            expect(out, c + "n_seq_max", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_seq_max"), 1);
            expect(out, c + "n_rs_seq", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_rs_seq"), 0);
            expect(out, c + "n_outputs_max", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_outputs_max"), 0);
            expect(out, c + "n_outputs_max_per_seq", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "n_outputs_max_per_seq"), 1);
            expect(out, c + "ctx_type", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "ctx_type"), 0);
            expect(out, c + "rope_scaling_type", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "rope_scaling_type"), -1);
            expect(out, c + "pooling_type", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "pooling_type"), -1);
            expect(out, c + "attention_type", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "attention_type"), -1);
            expect(out, c + "flash_attn_type", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "flash_attn_type"), -1);
            expect(out, c + "yarn_ext_factor", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "yarn_ext_factor"), -1f);
            expect(out, c + "yarn_attn_factor", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "yarn_attn_factor"), -1f);
            expect(out, c + "yarn_beta_fast", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "yarn_beta_fast"), -1f);
            expect(out, c + "yarn_beta_slow", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "yarn_beta_slow"), -1f);
            expect(out, c + "defrag_thold", Structs.getFloat(cp, Structs.CONTEXT_PARAMS, "defrag_thold"), -1f);
            expect(out, c + "type_k", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "type_k"), GgmlType.F16.id());
            expect(out, c + "type_v", Structs.getInt(cp, Structs.CONTEXT_PARAMS, "type_v"), GgmlType.F16.id());
            expect(out, c + "abort_callback", Structs.getAddress(cp, Structs.CONTEXT_PARAMS, "abort_callback").address(), 0L);
            expect(out, c + "embeddings", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "embeddings"), false);
            expect(out, c + "offload_kqv", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "offload_kqv"), true);
            expect(out, c + "no_perf", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "no_perf"), true);
            expect(out, c + "op_offload", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "op_offload"), true);
            expect(out, c + "swa_full", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "swa_full"), true);
            expect(out, c + "kv_unified", Structs.getBool(cp, Structs.CONTEXT_PARAMS, "kv_unified"), false);
            expect(out, c + "samplers", Structs.getAddress(cp, Structs.CONTEXT_PARAMS, "samplers").address(), 0L);
            expect(out, c + "n_samplers", cp.get(java.lang.foreign.ValueLayout.JAVA_LONG,
                    Structs.CONTEXT_PARAMS.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("n_samplers"))), 0L);
            expect(out, c + "ctx_other", Structs.getAddress(cp, Structs.CONTEXT_PARAMS, "ctx_other").address(), 0L);
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
