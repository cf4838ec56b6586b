package dev.gavel.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The llama.cpp functions Gavel calls, bound through FFM to one loaded library, plus the start-up
 * ABI check. This is the only class that creates downcall handles; the typed resource classes
 * ({@link LlamaModel}, {@link LlamaContext}, {@link Batch}, {@link Vocabulary}, {@link GrammarSampler})
 * call through it.
 */
public final class LlamaNative {
    /** The llama.cpp release whose ABI this binding is written against. */
    public static final String LLAMA_CPP_BUILD = "b4916";

    private static volatile LlamaNative defaultInstance;

    private final Path libraryPath;
    private final List<String> missing = new ArrayList<>();
    private final SymbolLookup lookup;
    private final Linker linker = Linker.nativeLinker();

    // Lifecycle and logging
    final MethodHandle backendInit;
    final MethodHandle logSet;
    final MethodHandle printSystemInfo;
    final MethodHandle supportsGpuOffload;
    // Parameters
    final MethodHandle modelDefaultParams;
    final MethodHandle contextDefaultParams;
    // Model
    final MethodHandle modelLoadFromFile;
    final MethodHandle modelFree;
    final MethodHandle modelGetVocab;
    final MethodHandle modelChatTemplate;
    final MethodHandle modelMetaCount;
    final MethodHandle modelMetaKeyByIndex;
    final MethodHandle modelMetaValStrByIndex;
    final MethodHandle modelDesc;
    final MethodHandle modelSize;
    final MethodHandle modelNParams;
    final MethodHandle modelNCtxTrain;
    final MethodHandle modelNEmbd;
    final MethodHandle modelNLayer;
    final MethodHandle modelNHead;
    final MethodHandle modelNHeadKv;
    // Vocabulary
    final MethodHandle vocabNTokens;
    final MethodHandle vocabBos;
    final MethodHandle vocabEos;
    final MethodHandle vocabEot;
    final MethodHandle vocabNl;
    final MethodHandle vocabPad;
    final MethodHandle vocabIsEog;
    final MethodHandle vocabIsControl;
    final MethodHandle vocabGetAttr;
    final MethodHandle vocabGetText;
    final MethodHandle vocabGetAddBos;
    final MethodHandle vocabType;
    final MethodHandle tokenize;
    final MethodHandle tokenToPiece;
    final MethodHandle detokenize;
    // Chat templates
    final MethodHandle chatApplyTemplate;
    final MethodHandle chatBuiltinTemplates;
    // Context
    final MethodHandle initFromModel;
    final MethodHandle free;
    final MethodHandle nCtx;
    final MethodHandle nBatch;
    final MethodHandle nUbatch;
    final MethodHandle nSeqMax;
    final MethodHandle setNThreads;
    final MethodHandle setWarmup;
    final MethodHandle decode;
    final MethodHandle getLogitsIth;
    final MethodHandle synchronize;
    // KV cache
    final MethodHandle kvClear;
    final MethodHandle kvSeqRm;
    final MethodHandle kvSeqCp;
    final MethodHandle kvSeqKeep;
    final MethodHandle kvSeqPosMax;
    final MethodHandle kvUsedCells;
    final MethodHandle kvNTokens;
    final MethodHandle kvDefrag;
    // Samplers
    final MethodHandle samplerInitGrammar;
    final MethodHandle samplerApply;
    final MethodHandle samplerAccept;
    final MethodHandle samplerReset;
    final MethodHandle samplerFree;

    private LlamaNative(Path libraryPath) {
        this.libraryPath = libraryPath;
        try {
            this.lookup = SymbolLookup.libraryLookup(libraryPath, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new NativeLibraryException("cannot open native library " + libraryPath + ": " + e.getMessage(), e);
        }
        backendInit = fn("llama_backend_init", FunctionDescriptor.ofVoid());
        logSet = fn("llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        printSystemInfo = fn("llama_print_system_info", FunctionDescriptor.of(ADDRESS));
        supportsGpuOffload = fn("llama_supports_gpu_offload", FunctionDescriptor.of(JAVA_BOOLEAN));

        modelDefaultParams = fn("llama_model_default_params", FunctionDescriptor.of(Structs.MODEL_PARAMS));
        contextDefaultParams = fn("llama_context_default_params", FunctionDescriptor.of(Structs.CONTEXT_PARAMS));

        modelLoadFromFile = fn("llama_model_load_from_file", FunctionDescriptor.of(ADDRESS, ADDRESS, Structs.MODEL_PARAMS));
        modelFree = fn("llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
        modelGetVocab = fn("llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
        modelChatTemplate = fn("llama_model_chat_template", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        modelMetaCount = fn("llama_model_meta_count", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelMetaKeyByIndex = fn("llama_model_meta_key_by_index", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));
        modelMetaValStrByIndex = fn("llama_model_meta_val_str_by_index", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));
        modelDesc = fn("llama_model_desc", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        modelSize = fn("llama_model_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        modelNParams = fn("llama_model_n_params", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        modelNCtxTrain = fn("llama_model_n_ctx_train", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelNEmbd = fn("llama_model_n_embd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelNLayer = fn("llama_model_n_layer", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelNHead = fn("llama_model_n_head", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelNHeadKv = fn("llama_model_n_head_kv", FunctionDescriptor.of(JAVA_INT, ADDRESS));

        vocabNTokens = fn("llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabBos = fn("llama_vocab_bos", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabEos = fn("llama_vocab_eos", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabEot = fn("llama_vocab_eot", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabNl = fn("llama_vocab_nl", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabPad = fn("llama_vocab_pad", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabIsEog = fn("llama_vocab_is_eog", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        vocabIsControl = fn("llama_vocab_is_control", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        vocabGetAttr = fn("llama_vocab_get_attr", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        vocabGetText = fn("llama_vocab_get_text", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        vocabGetAddBos = fn("llama_vocab_get_add_bos", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
        vocabType = fn("llama_vocab_type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        tokenize = fn("llama_tokenize", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        tokenToPiece = fn("llama_token_to_piece", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BOOLEAN));
        detokenize = fn("llama_detokenize", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));

        chatApplyTemplate = fn("llama_chat_apply_template", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_LONG, JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        chatBuiltinTemplates = fn("llama_chat_builtin_templates", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

        initFromModel = fn("llama_init_from_model", FunctionDescriptor.of(ADDRESS, ADDRESS, Structs.CONTEXT_PARAMS));
        free = fn("llama_free", FunctionDescriptor.ofVoid(ADDRESS));
        nCtx = fn("llama_n_ctx", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nBatch = fn("llama_n_batch", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nUbatch = fn("llama_n_ubatch", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nSeqMax = fn("llama_n_seq_max", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setNThreads = fn("llama_set_n_threads", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT));
        setWarmup = fn("llama_set_warmup", FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        decode = fn("llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, Structs.BATCH));
        getLogitsIth = fnCritical("llama_get_logits_ith", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        synchronize = fn("llama_synchronize", FunctionDescriptor.ofVoid(ADDRESS));

        kvClear = fn("llama_kv_self_clear", FunctionDescriptor.ofVoid(ADDRESS));
        kvSeqRm = fn("llama_kv_self_seq_rm", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        kvSeqCp = fn("llama_kv_self_seq_cp", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        kvSeqKeep = fn("llama_kv_self_seq_keep", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        kvSeqPosMax = fn("llama_kv_self_seq_pos_max", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        kvUsedCells = fn("llama_kv_self_used_cells", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        kvNTokens = fn("llama_kv_self_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        kvDefrag = fn("llama_kv_self_defrag", FunctionDescriptor.ofVoid(ADDRESS));

        samplerInitGrammar = fn("llama_sampler_init_grammar", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        samplerApply = fn("llama_sampler_apply", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        samplerAccept = fn("llama_sampler_accept", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        samplerReset = fn("llama_sampler_reset", FunctionDescriptor.ofVoid(ADDRESS));
        samplerFree = fn("llama_sampler_free", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /** The process-wide library: located, checked and initialised once. */
    public static LlamaNative get() {
        LlamaNative local = defaultInstance;
        if (local == null) {
            synchronized (LlamaNative.class) {
                local = defaultInstance;
                if (local == null) {
                    local = open(NativeLibraryLocator.locate());
                    local.initialise();
                    defaultInstance = local;
                }
            }
        }
        return local;
    }

    /**
     * Opens a library and checks its ABI without initialising llama.cpp. Throws
     * {@link NativeLibraryException} naming every missing symbol or mismatching default.
     */
    public static LlamaNative open(Path libraryPath) {
        LlamaNative lib = new LlamaNative(libraryPath);
        if (!lib.missing.isEmpty()) {
            throw new NativeLibraryException("native library " + libraryPath + " is not llama.cpp "
                    + LLAMA_CPP_BUILD + ": missing symbols " + lib.missing
                    + ". Supply a build of llama.cpp " + LLAMA_CPP_BUILD + " (see native/README.md).");
        }
        List<String> mismatches = AbiCheck.mismatches(lib);
        if (!mismatches.isEmpty()) {
            throw new NativeLibraryException("native library " + libraryPath + " does not have llama.cpp "
                    + LLAMA_CPP_BUILD + "'s ABI: " + String.join("; ", mismatches)
                    + ". Supply a build of llama.cpp " + LLAMA_CPP_BUILD + " (see native/README.md).");
        }
        return lib;
    }

    private void initialise() {
        NativeLog.install(this);
        try {
            backendInit.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public Path libraryPath() {
        return libraryPath;
    }

    /** llama.cpp's description of the CPU/GPU features it was built with. */
    public String systemInfo() {
        try {
            return ((MemorySegment) printSystemInfo.invokeExact()).reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public boolean supportsGpuOffload() {
        try {
            return (boolean) supportsGpuOffload.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    Optional<MemorySegment> symbol(String name) {
        return lookup.find(name);
    }

    Linker linker() {
        return linker;
    }

    private MethodHandle fn(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Optional<MemorySegment> address = lookup.find(name);
        if (address.isEmpty()) {
            missing.add(name);
            return null;
        }
        return linker.downcallHandle(address.get(), descriptor, options);
    }

    private MethodHandle fnCritical(String name, FunctionDescriptor descriptor) {
        // A trivial accessor that never calls back into Java: skip the thread-state transition.
        return fn(name, descriptor, Linker.Option.critical(false));
    }

    /** Wraps a Throwable from invokeExact; native calls declare none, so this is a programming error. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    static final FunctionDescriptor PROGRESS_CALLBACK = FunctionDescriptor.of(JAVA_BOOLEAN, JAVA_FLOAT, ADDRESS);
    static final FunctionDescriptor LOG_CALLBACK = FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS);
}
