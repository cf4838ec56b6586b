package dev.gavel.llama;

import dev.gavel.ModelLoadException;
import dev.gavel.gguf.GgufValidator;
import dev.gavel.gguf.ModelInfo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * A loaded model: immutable weights plus its vocabulary. Thread-safe for reads; inference state
 * lives in {@link LlamaContext}s created from it. Closing the model first closes its contexts.
 */
public final class LlamaModel extends NativeResource {
    private final LlamaNative lib;
    private final Path path;
    private final ModelInfo info;
    private final Vocabulary vocabulary;
    private final List<LlamaContext> contexts = new CopyOnWriteArrayList<>();

    private LlamaModel(LlamaNative lib, Path path, ModelInfo info, MemorySegment handle) {
        super("model", handle);
        this.lib = lib;
        this.path = path;
        this.info = info;
        this.vocabulary = new Vocabulary(this, lib, vocabHandle(lib, handle));
    }

    /**
     * Validates the file in Java (so a corrupt or unsupported file never reaches native code),
     * then loads it.
     */
    public static LlamaModel load(Path path, ModelOptions options) throws ModelLoadException {
        ModelInfo info = GgufValidator.validate(path);
        LlamaNative lib = LlamaNative.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) lib.modelDefaultParams.invokeExact((SegmentAllocator) arena);
            Structs.setInt(params, Structs.MODEL_PARAMS, "n_gpu_layers", options.gpuLayers());
            // llama_load_mode: NONE 0, MMAP 1, MLOCK 2, MMAP_MLOCK 3.
            Structs.setInt(params, Structs.MODEL_PARAMS, "load_mode", (options.useMmap() ? 1 : 0) + (options.useMlock() ? 2 : 0));
            ProgressUpcall upcall = null;
            if (options.progress() != null) {
                upcall = new ProgressUpcall(options.progress());
                Structs.setAddress(params, Structs.MODEL_PARAMS, "progress_callback", upcall.stub(lib, arena));
            }
            MemorySegment cpath = arena.allocateFrom(path.toAbsolutePath().toString());
            long errorMark = NativeLog.errorMark();
            MemorySegment handle = (MemorySegment) lib.modelLoadFromFile.invokeExact(cpath, params);
            if (handle.equals(MemorySegment.NULL)) {
                if (upcall != null && upcall.cancelled) {
                    throw new ModelLoadException(path, ModelLoadException.Reason.NATIVE_LOAD_FAILED, "cancelled by the progress listener");
                }
                if (upcall != null && upcall.failure != null) {
                    throw new ModelLoadException(path, ModelLoadException.Reason.NATIVE_LOAD_FAILED,
                            "the progress listener threw " + upcall.failure, upcall.failure);
                }
                // llama.cpp logs the cause (a missing tensor, a wrong shape) a line before its generic
                // "failed to load model", so the message carries every error line of this load.
                List<String> errors = NativeLog.errorsSince(errorMark);
                throw new ModelLoadException(path, ModelLoadException.Reason.NATIVE_LOAD_FAILED,
                        "llama.cpp refused the file: " + (errors.isEmpty() ? NativeLog.lastError() : String.join("; ", errors)));
            }
            return new LlamaModel(lib, path, info, handle);
        } catch (ModelLoadException e) {
            throw e;
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    private static MemorySegment vocabHandle(LlamaNative lib, MemorySegment model) {
        try {
            return (MemorySegment) lib.modelGetVocab.invokeExact(model);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    public Path path() {
        return path;
    }

    /** What the GGUF header says about this model (read in Java before loading). */
    public ModelInfo info() {
        return info;
    }

    public Vocabulary vocabulary() {
        handle();
        return vocabulary;
    }

    public LlamaContext newContext(ContextOptions options) {
        LlamaContext ctx = LlamaContext.create(this, lib, options);
        contexts.add(ctx);
        return ctx;
    }

    void forget(LlamaContext ctx) {
        contexts.remove(ctx);
    }

    public int trainedContextLength() {
        return callInt(lib.modelNCtxTrain);
    }

    public int embeddingLength() {
        return callInt(lib.modelNEmbd);
    }

    public int layerCount() {
        return callInt(lib.modelNLayer);
    }

    public int headCount() {
        return callInt(lib.modelNHead);
    }

    public int kvHeadCount() {
        return callInt(lib.modelNHeadKv);
    }

    public long parameterCount() {
        try {
            return (long) lib.modelNParams.invokeExact(handle());
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    public long sizeBytes() {
        try {
            return (long) lib.modelSize.invokeExact(handle());
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** The width of one attention head, from the GGUF header ({@link ModelInfo#attentionHeadSize()}). */
    public int attentionHeadSize() {
        return info.attentionHeadSize();
    }

    /** llama.cpp's one-line description, e.g. "llama 7B Q4_0". */
    public String description() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            int n = (int) lib.modelDesc.invokeExact(handle(), buf, 256L);
            return n < 0 ? "" : buf.getString(0);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /** All metadata as llama.cpp renders it to strings (arrays are summarised by llama.cpp). */
    public Map<String, String> metadata() {
        MemorySegment h = handle();
        Map<String, String> out = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            int count = (int) lib.modelMetaCount.invokeExact(h);
            for (int i = 0; i < count; i++) {
                String key = readString(arena, lib.modelMetaKeyByIndex, h, i);
                String value = readString(arena, lib.modelMetaValStrByIndex, h, i);
                if (key != null) {
                    out.put(key, value);
                }
            }
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
        return out;
    }

    private static String readString(Arena arena, MethodHandle fn, MemorySegment model, int index) throws Throwable {
        long size = 256;
        while (true) {
            MemorySegment buf = arena.allocate(size);
            int n = (int) fn.invokeExact(model, index, buf, size);
            if (n < 0) {
                return null;
            }
            if (n < size) {
                return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), java.nio.charset.StandardCharsets.UTF_8);
            }
            size = n + 1L;
        }
    }

    /**
     * The model's own chat template (or a named variant such as "tool_use"), when the GGUF
     * carries one.
     */
    public Optional<String> chatTemplate(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cname = name == null ? MemorySegment.NULL : arena.allocateFrom(name);
            MemorySegment s = (MemorySegment) lib.modelChatTemplate.invokeExact(handle(), cname);
            if (s.equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            return Optional.of(s.reinterpret(Long.MAX_VALUE).getString(0));
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    private int callInt(MethodHandle fn) {
        try {
            return (int) fn.invokeExact(handle());
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    @Override
    void beforeFree() {
        for (LlamaContext ctx : contexts) {
            ctx.close();
        }
    }

    @Override
    void free(MemorySegment handle) {
        try {
            lib.modelFree.invokeExact(handle);
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    @Override
    public String toString() {
        return "LlamaModel[" + path + (isClosed() ? ", closed" : "") + "]";
    }

    /** Bridges llama.cpp's progress callback to a listener; never lets an exception cross into C. */
    private static final class ProgressUpcall {
        private final LoadProgressListener listener;
        volatile boolean cancelled;
        volatile Throwable failure;

        ProgressUpcall(LoadProgressListener listener) {
            this.listener = listener;
        }

        MemorySegment stub(LlamaNative lib, Arena arena) throws ReflectiveOperationException {
            MethodHandle target = MethodHandles.lookup().findVirtual(ProgressUpcall.class, "onProgress",
                    MethodType.methodType(boolean.class, float.class, MemorySegment.class)).bindTo(this);
            return lib.linker().upcallStub(target, LlamaNative.PROGRESS_CALLBACK, arena);
        }

        @SuppressWarnings("unused") // called from native code
        private boolean onProgress(float fraction, MemorySegment userData) {
            try {
                boolean go = listener.onProgress(fraction);
                if (!go) {
                    cancelled = true;
                }
                return go;
            } catch (Throwable t) {
                failure = t;
                return false;
            }
        }
    }
}
