package dev.gavel.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a llama-architecture GGUF model of a given {@link ModelShape} with seeded random
 * weights: a model llama.cpp loads and runs at the real size and speed, for tests and
 * benchmarks where no real judge model can be had. Output is deterministic for a seed.
 *
 * <p>Matrices have deviation {@code 1/sqrt(fan_in)}, so each projection keeps activations near
 * unit scale and logits stay finite and spread out; norm weights are 1.
 *
 * <pre>{@code
 * ModelSynthesizer.builder(ModelShape.SMOLLM2_135M).weightType(GgmlType.Q8_0).seed(7).build().write(path);
 * }</pre>
 */
public final class ModelSynthesizer {
    private final ModelShape shape;
    private final GgmlType weightType;
    private final long seed;
    private final GgufVocabulary vocabulary;
    private final String chatTemplate;
    private final String name;

    private ModelSynthesizer(Builder b) {
        this.vocabulary = b.vocabulary != null ? b.vocabulary : GgufVocabulary.byteLevelSpm(b.shape.vocabSize());
        this.shape = b.shape.withVocabSize(vocabulary.size());
        this.weightType = b.weightType;
        this.seed = b.seed;
        this.chatTemplate = b.chatTemplate;
        this.name = b.name != null ? b.name : b.shape.name() + "-random-" + b.weightType.name().toLowerCase();
    }

    public static Builder builder(ModelShape shape) {
        return new Builder(shape);
    }

    /** The weight type names {@link #weightTypeNamed} knows. */
    public static final String WEIGHT_TYPE_NAMES = "f32, f16, q8_0, q4_0, q4_k_m";

    /** A weight type by its llama.cpp quantization name ("q4_k_m" is the Q4_K mix). */
    public static Optional<GgmlType> weightTypeNamed(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "f32" -> Optional.of(GgmlType.F32);
            case "f16" -> Optional.of(GgmlType.F16);
            case "q8_0" -> Optional.of(GgmlType.Q8_0);
            case "q4_0" -> Optional.of(GgmlType.Q4_0);
            case "q4_k_m", "q4_k" -> Optional.of(GgmlType.Q4_K);
            default -> Optional.empty();
        };
    }

    /** The shape actually written (its vocabulary size is the vocabulary's). */
    public ModelShape shape() {
        return shape;
    }

    /** Writes the model file. */
    public void write(Path path) throws IOException {
        GgufWriter w = new GgufWriter();
        int e = shape.embeddingLength();
        String arch = shape.architecture();
        w.putString("general.architecture", arch);
        w.putString("general.name", name);
        w.putUInt32("general.file_type", fileType(weightType));
        if (weightType.isQuantized()) {
            w.putUInt32("general.quantization_version", 2);
        }
        w.putUInt32(arch + ".vocab_size", shape.vocabSize());
        w.putUInt32(arch + ".context_length", shape.contextLength());
        w.putUInt32(arch + ".embedding_length", e);
        w.putUInt32(arch + ".block_count", shape.blockCount());
        w.putUInt32(arch + ".feed_forward_length", shape.feedForwardLength());
        w.putUInt32(arch + ".rope.dimension_count", shape.headDim());
        w.putUInt32(arch + ".attention.head_count", shape.headCount());
        w.putUInt32(arch + ".attention.head_count_kv", shape.kvHeadCount());
        if (!ModelShape.LLAMA.equals(arch)) {
            w.putUInt32(arch + ".attention.key_length", shape.headDim());
            w.putUInt32(arch + ".attention.value_length", shape.headDim());
        }
        w.putFloat32(arch + ".attention.layer_norm_rms_epsilon", (float) shape.rmsEps());
        w.putFloat32(arch + ".rope.freq_base", (float) shape.ropeTheta());
        w.putAll(vocabulary.metadata());
        if (chatTemplate != null) {
            w.putString("tokenizer.chat_template", chatTemplate);
        }

        int[] index = {0};
        TensorAdder add = (tensorName, dims, type) -> {
            long elements = Arrays.stream(dims).reduce(1, Math::multiplyExact);
            TensorData data = type == GgmlType.F32 && tensorName.contains("norm")
                    ? ones(elements)
                    : new RandomWeights(type, elements, 1.0 / Math.sqrt(dims[0]), seed * 1_000_003L + index[0]);
            index[0]++;
            w.addTensor(tensorName, type, dims, data);
        };
        long v = shape.vocabSize();
        add.add("token_embd.weight", new long[] {e, v}, matrixType(e, false));
        for (int l = 0; l < shape.blockCount(); l++) {
            String p = "blk." + l + ".";
            add.add(p + "attn_norm.weight", new long[] {e}, GgmlType.F32);
            boolean moreBits = useMoreBits(l, shape.blockCount());
            add.add(p + "attn_q.weight", new long[] {e, shape.qDim()}, matrixType(e, false));
            add.add(p + "attn_k.weight", new long[] {e, shape.kvDim()}, matrixType(e, false));
            add.add(p + "attn_v.weight", new long[] {e, shape.kvDim()}, matrixType(e, moreBits));
            add.add(p + "attn_output.weight", new long[] {shape.qDim(), e}, matrixType(shape.qDim(), false));
            if (ModelShape.QWEN3.equals(arch)) {
                add.add(p + "attn_q_norm.weight", new long[] {shape.headDim()}, GgmlType.F32);
                add.add(p + "attn_k_norm.weight", new long[] {shape.headDim()}, GgmlType.F32);
            }
            add.add(p + "ffn_norm.weight", new long[] {e}, GgmlType.F32);
            add.add(p + "ffn_gate.weight", new long[] {e, shape.feedForwardLength()}, matrixType(e, false));
            add.add(p + "ffn_up.weight", new long[] {e, shape.feedForwardLength()}, matrixType(e, false));
            add.add(p + "ffn_down.weight", new long[] {shape.feedForwardLength(), e},
                    matrixType(shape.feedForwardLength(), moreBits));
        }
        add.add("output_norm.weight", new long[] {e}, GgmlType.F32);
        if (!shape.tiedEmbeddings()) {
            add.add("output.weight", new long[] {e, v}, weightType == GgmlType.Q4_K ? matrixType(e, true) : weightType);
        }
        w.write(path);
    }

    @FunctionalInterface
    private interface TensorAdder {
        void add(String name, long[] dims, GgmlType type);
    }

    /**
     * The type of a matrix whose rows have {@code rowLength} elements. For Q4_K the file is a
     * Q4_K_M mix as llama.cpp's quantizer makes it: Q6_K where it spends more bits (the output
     * and, in some layers, attn_v and ffn_down), Q4_K elsewhere, Q8_0 for rows that are not a
     * whole number of 256-element super-blocks.
     */
    private GgmlType matrixType(long rowLength, boolean moreBits) {
        if (weightType != GgmlType.Q4_K) {
            return weightType;
        }
        if (rowLength % 256 != 0) {
            return GgmlType.Q8_0;
        }
        return moreBits ? GgmlType.Q6_K : GgmlType.Q4_K;
    }

    /** llama.cpp's use_more_bits: the first and last eighth of the layers and every third between. */
    private static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private static TensorData ones(long elements) {
        float[] f = new float[Math.toIntExact(elements)];
        Arrays.fill(f, 1f);
        return TensorData.ofFloats(f);
    }

    private static long fileType(GgmlType t) {
        return switch (t) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case Q4_K -> 15; // LLAMA_FTYPE_MOSTLY_Q4_K_M
            default -> throw new IllegalArgumentException("unsupported weight type " + t);
        };
    }

    /** Options of a synthesized model; only the shape is required. */
    public static final class Builder {
        private final ModelShape shape;
        private GgmlType weightType = GgmlType.F16;
        private long seed = 42;
        private GgufVocabulary vocabulary;
        private String chatTemplate;
        private String name;

        private Builder(ModelShape shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
        }

        /** F32, F16 (default), Q8_0, Q4_0, or Q4_K (a Q4_K_M mix) for the matrices; norms are always F32. */
        public Builder weightType(GgmlType type) {
            fileType(type);
            this.weightType = type;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The vocabulary; default {@link GgufVocabulary#byteLevelSpm} of the shape's vocabulary size. */
        public Builder vocabulary(GgufVocabulary vocabulary) {
            this.vocabulary = vocabulary;
            return this;
        }

        /** A Jinja chat template stored as {@code tokenizer.chat_template} (overrides the vocabulary's). */
        public Builder chatTemplate(String template) {
            this.chatTemplate = template;
            return this;
        }

        /** {@code general.name}; default "{shape}-random-{type}". */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public ModelSynthesizer build() {
            return new ModelSynthesizer(this);
        }
    }
}
