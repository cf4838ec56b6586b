package dev.gavel.llama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

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
    /** The llama.cpp release whose ABI this binding is written against (what {@code llama_version()} answers). */
    public static final String LLAMA_CPP_VERSION = "0.4.0-dev";
    /** How messages name that release: llama.cpp v0.4.0, commit 5b4ebc5, as node-llama-cpp 3.21.1 ships it. */
    public static final String LLAMA_CPP_BUILD = "v0.4.0 (5b4ebc5)";

    private static volatile LlamaNative defaultInstance;

    private final NativeLibraryFiles files;
    private final Path libraryPath;
    private final List<String> missing = new ArrayList<>();
    private final SymbolLookup lookup;
    private final Linker linker = Linker.nativeLinker();

    // Lifecycle and logging
    final MethodHandle version;
    final MethodHandle backendLoadAllFromPath;
    final MethodHandle backendRegCount;
    final MethodHandle backendDevCount;
    final MethodHandle backendDevGet;
    final MethodHandle backendDevName;
    final MethodHandle backendDevDescription;
    final MethodHandle backendDevType;
    final MethodHandle backendDevMemory;
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
    final MethodHandle nCtxSeq;
    final MethodHandle maxParallelSequences;
    final MethodHandle setNThreads;
    final MethodHandle setWarmup;
    final MethodHandle decode;
    final MethodHandle getLogitsIth;
    final MethodHandle synchronize;
    // KV cache (llama_memory_* on llama_get_memory(ctx))
    final MethodHandle getMemory;
    final MethodHandle memoryClear;
    final MethodHandle memorySeqRm;
    final MethodHandle memorySeqCp;
    final MethodHandle memorySeqKeep;
    final MethodHandle memorySeqPosMin;
    final MethodHandle memorySeqPosMax;
    // Samplers
    final MethodHandle samplerInitGrammar;
    final MethodHandle samplerApply;
    final MethodHandle samplerAccept;
    final MethodHandle samplerReset;
    final MethodHandle samplerFree;

    private LlamaNative(NativeLibraryFiles files) {
        this.files = files;
        this.libraryPath = files.llama();
        // libllama finds libggml and libggml-base beside itself (RUNPATH $ORIGIN); their own
        // lookups are added for the ggml backend functions.
        SymbolLookup combined = lookup(files.llama());
        if (files.ggml() != null) {
            combined = combined.or(lookup(files.ggml()));
        }
        if (files.ggmlBase() != null) {
            combined = combined.or(lookup(files.ggmlBase()));
        }
        this.lookup = combined;
        version = fn("llama_version", FunctionDescriptor.of(ADDRESS));
        backendLoadAllFromPath = fn("ggml_backend_load_all_from_path", FunctionDescriptor.ofVoid(ADDRESS));
        backendRegCount = fn("ggml_backend_reg_count", FunctionDescriptor.of(JAVA_LONG));
        backendDevCount = fn("ggml_backend_dev_count", FunctionDescriptor.of(JAVA_LONG));
        backendDevGet = fn("ggml_backend_dev_get", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
        backendDevName = fn("ggml_backend_dev_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        backendDevDescription = fn("ggml_backend_dev_description", FunctionDescriptor.of(ADDRESS, ADDRESS));
        backendDevType = fn("ggml_backend_dev_type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        backendDevMemory = fn("ggml_backend_dev_memory", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
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
        nCtxSeq = fn("llama_n_ctx_seq", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        maxParallelSequences = fn("llama_max_parallel_sequences", FunctionDescriptor.of(JAVA_LONG));
        setNThreads = fn("llama_set_n_threads", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT));
        setWarmup = fn("llama_set_warmup", FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        decode = fn("llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, Structs.BATCH));
        getLogitsIth = fnCritical("llama_get_logits_ith", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        synchronize = fn("llama_synchronize", FunctionDescriptor.ofVoid(ADDRESS));

        getMemory = fn("llama_get_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        memoryClear = fn("llama_memory_clear", FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        memorySeqRm = fn("llama_memory_seq_rm", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        memorySeqCp = fn("llama_memory_seq_cp", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        memorySeqKeep = fn("llama_memory_seq_keep", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        memorySeqPosMin = fn("llama_memory_seq_pos_min", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        memorySeqPosMax = fn("llama_memory_seq_pos_max", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

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

    /** Opens the llama.cpp build whose libllama is at a path (its folder holds the rest). */
    public static LlamaNative open(Path libraryPath) {
        return open(NativeLibraryFiles.inFolder(libraryPath.toAbsolutePath().getParent(), libraryPath.toString())
                .withLlama(libraryPath.toAbsolutePath()));
    }

    /**
     * Opens a build and checks its ABI without initialising llama.cpp. Throws
     * {@link NativeLibraryException} naming every missing symbol, a different version, or each
     * mismatching default.
     */
    public static LlamaNative open(NativeLibraryFiles files) {
        LlamaNative lib = new LlamaNative(files);
        String advice = ". Gavel binds llama.cpp " + LLAMA_CPP_BUILD + "; use the bundled build or one of that"
                + " version (see native/README.md).";
        if (!lib.missing.isEmpty()) {
            throw new NativeLibraryException("native library " + files.llama() + " is not llama.cpp "
                    + LLAMA_CPP_BUILD + ": missing symbols " + lib.missing + advice);
        }
        String version = lib.version();
        if (!LLAMA_CPP_VERSION.equals(version)) {
            throw new NativeLibraryException("native library " + files.llama() + " is llama.cpp " + version
                    + ", not " + LLAMA_CPP_VERSION + advice);
        }
        List<String> mismatches = AbiCheck.mismatches(lib);
        if (!mismatches.isEmpty()) {
            throw new NativeLibraryException("native library " + files.llama() + " does not have llama.cpp "
                    + LLAMA_CPP_BUILD + "'s ABI: " + String.join("; ", mismatches) + advice);
        }
        return lib;
    }

    private static SymbolLookup lookup(Path library) {
        try {
            return SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new NativeLibraryException("cannot open native library " + library + ": " + e.getMessage(), e);
        }
    }

    private void initialise() {
        NativeLog.install(this);
        try (Arena arena = Arena.ofConfined()) {
            // The CPU kernels (one library per CPU generation; ggml picks the best) and any GPU
            // backend live beside libllama and are found only through this call.
            backendLoadAllFromPath.invokeExact(arena.allocateFrom(files.folder().toString()));
            backendInit.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (devices().isEmpty()) {
            throw new NativeLibraryException("llama.cpp found no compute backend in " + files.folder()
                    + " (no libggml-cpu* library loads on this CPU?)");
        }
    }

    /** What {@code llama_version()} answers. */
    public String version() {
        try {
            return ((MemorySegment) version.invokeExact()).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The library files this binding loaded. */
    public NativeLibraryFiles files() {
        return files;
    }

    /** The compute devices ggml registered (CPU, GPUs, accelerators), in ggml's order. */
    public List<BackendDevice> devices() {
        try (Arena arena = Arena.ofConfined()) {
            long n = (long) backendDevCount.invokeExact();
            List<BackendDevice> out = new ArrayList<>();
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            for (long i = 0; i < n; i++) {
                MemorySegment dev = (MemorySegment) backendDevGet.invokeExact(i);
                String name = cString((MemorySegment) backendDevName.invokeExact(dev));
                String description = cString((MemorySegment) backendDevDescription.invokeExact(dev));
                int type = (int) backendDevType.invokeExact(dev);
                backendDevMemory.invokeExact(dev, free, total);
                out.add(new BackendDevice((int) i, name, description, BackendDevice.Kind.of(type),
                        free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)));
            }
            return List.copyOf(out);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** True when a GPU (discrete or integrated) backend is present. */
    public boolean hasGpu() {
        return devices().stream().anyMatch(d -> d.kind() == BackendDevice.Kind.GPU || d.kind() == BackendDevice.Kind.IGPU);
    }

    /** llama.cpp's limit on sequences per context. */
    public int maxParallelSequences() {
        try {
            return (int) (long) maxParallelSequences.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(4096).getString(0);
    }

    public Path libraryPath() {
        return libraryPath;
    }

    /**
     * The ggml libraries this process has mapped ({@code libggml-base.so}, the CPU variant ggml
     * chose for this processor such as {@code libggml-cpu-zen4.so}, a GPU backend), by file name,
     * read from {@code /proc/self/maps}: ggml picks the variant at run time and reports no name for
     * it. Empty where that file does not exist (not Linux).
     */
    public List<String> loadedBackendFiles() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        try (Stream<String> lines = Files.lines(maps)) {
            lines.forEach(line -> {
                int slash = line.lastIndexOf('/');
                if (slash >= 0 && line.startsWith("libggml", slash + 1)) {
                    names.add(line.substring(slash + 1).strip());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        return List.copyOf(names);
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
