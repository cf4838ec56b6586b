package dev.gavel.gguf;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The hyperparameters that fix a decoder-only transformer's tensor shapes, used to synthesize
 * random-weight models of real sizes. Numbers of the named shapes come from the models'
 * Hugging Face config.json.
 *
 * @param name              shape name, also used as the default {@code general.name}
 * @param embeddingLength   hidden size
 * @param blockCount        transformer layers
 * @param headCount         attention (query) heads
 * @param kvHeadCount       key/value heads (grouped-query attention when fewer than headCount)
 * @param feedForwardLength SwiGLU intermediate size
 * @param contextLength     trained context length
 * @param vocabSize         vocabulary size (replaced by the vocabulary's real size when one is given)
 * @param ropeTheta         RoPE base frequency
 * @param rmsEps            RMSNorm epsilon
 * @param tiedEmbeddings    whether the output projection reuses the token embedding
 * @param architecture      {@code general.architecture}: "llama" (also Mistral, SmolLM) or "qwen3"
 *                          (explicit head size, RMSNorm on each head's query and key)
 * @param headDimension     size of one attention head; {@code embeddingLength / headCount} for
 *                          llama, set explicitly for qwen3 (Qwen3-0.6B: 128 with 1024 / 16 heads)
 */
public record ModelShape(
        String name,
        int embeddingLength,
        int blockCount,
        int headCount,
        int kvHeadCount,
        int feedForwardLength,
        int contextLength,
        int vocabSize,
        double ropeTheta,
        double rmsEps,
        boolean tiedEmbeddings,
        String architecture,
        int headDimension) {

    /** A llama-architecture shape (head size = embedding / heads). */
    public ModelShape(String name, int embeddingLength, int blockCount, int headCount, int kvHeadCount,
                      int feedForwardLength, int contextLength, int vocabSize, double ropeTheta, double rmsEps,
                      boolean tiedEmbeddings) {
        this(name, embeddingLength, blockCount, headCount, kvHeadCount, feedForwardLength, contextLength, vocabSize,
                ropeTheta, rmsEps, tiedEmbeddings, LLAMA, embeddingLength / Math.max(1, headCount));
    }

    /** The llama architecture (Llama, Mistral, SmolLM, ...). */
    public static final String LLAMA = "llama";
    /** The Qwen3 architecture. */
    public static final String QWEN3 = "qwen3";

    /** SmolLM2-135M(-Instruct). */
    public static final ModelShape SMOLLM2_135M =
            new ModelShape("smollm2-135m", 576, 30, 9, 3, 1536, 8192, 49152, 100000, 1e-5, true);
    /** Qwen2.5-0.5B(-Instruct); its attention biases are not modelled (the synthesizer writes llama). */
    public static final ModelShape QWEN25_05B =
            new ModelShape("qwen2.5-0.5b", 896, 24, 14, 2, 4864, 32768, 151936, 1000000, 1e-6, true);
    /** Llama-3.2-1B(-Instruct); its llama3 RoPE frequency scaling is not modelled. */
    public static final ModelShape LLAMA32_1B =
            new ModelShape("llama3.2-1b", 2048, 16, 32, 8, 8192, 131072, 128256, 500000, 1e-5, true);
    /** Mistral-7B-Instruct-v0.2, the base of Prometheus 2 7B. */
    public static final ModelShape MISTRAL_7B =
            new ModelShape("mistral-7b", 4096, 32, 32, 8, 14336, 32768, 32000, 1000000, 1e-5, false);
    /** Qwen3-0.6B, the smallest Qwen3 (the family of newer judges): head size 128 beside a 1024 hidden size. */
    public static final ModelShape QWEN3_06B =
            new ModelShape("qwen3-0.6b", 1024, 28, 16, 8, 3072, 40960, 151936, 1000000, 1e-6, true, QWEN3, 128);
    /** A tiny Qwen3 shape for tests, with a head size that differs from embedding / heads. */
    public static final ModelShape QWEN3_TINY =
            new ModelShape("qwen3-tiny", 64, 2, 4, 2, 128, 256, 512, 1000000, 1e-6, true, QWEN3, 32);
    /** A tiny shape for tests: loads and generates in well under a second. */
    public static final ModelShape TINY =
            new ModelShape("tiny", 64, 2, 4, 2, 128, 256, 512, 10000, 1e-5, false);
    /** Like {@link #TINY} with tied embeddings (no output.weight tensor). */
    public static final ModelShape TINY_TIED =
            new ModelShape("tiny-tied", 64, 2, 4, 2, 128, 256, 512, 10000, 1e-5, true);

    private static final List<ModelShape> KNOWN =
            List.of(SMOLLM2_135M, QWEN25_05B, LLAMA32_1B, MISTRAL_7B, QWEN3_06B, TINY, TINY_TIED, QWEN3_TINY);

    public ModelShape {
        if (embeddingLength <= 0 || blockCount <= 0 || headCount <= 0 || kvHeadCount <= 0
                || feedForwardLength <= 0 || contextLength <= 0 || vocabSize <= 0) {
            throw new IllegalArgumentException("shape sizes must be positive: " + name);
        }
        if (headCount % kvHeadCount != 0) {
            throw new IllegalArgumentException("kv heads must divide the heads: " + name);
        }
        if (!LLAMA.equals(architecture) && !QWEN3.equals(architecture)) {
            throw new IllegalArgumentException("architecture must be llama or qwen3, was " + architecture + ": " + name);
        }
        if (LLAMA.equals(architecture) && (embeddingLength % headCount != 0 || headDimension != embeddingLength / headCount)) {
            throw new IllegalArgumentException("a llama shape's heads must divide the embedding: " + name);
        }
        if (headDimension <= 0 || headDimension % 2 != 0) {
            throw new IllegalArgumentException("head size must be positive and even (RoPE), was " + headDimension + ": " + name);
        }
    }

    /** The shapes above, by name (case-insensitive). */
    public static Optional<ModelShape> named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return KNOWN.stream().filter(s -> s.name.equals(n)).findFirst();
    }

    public static List<ModelShape> known() {
        return KNOWN;
    }

    public int headDim() {
        return headDimension;
    }

    /** Width of the query projection (all heads). */
    public int qDim() {
        return headDimension * headCount;
    }

    /** Width of the K and V projections. */
    public int kvDim() {
        return headDim() * kvHeadCount;
    }

    public ModelShape withVocabSize(int size) {
        return new ModelShape(name, embeddingLength, blockCount, headCount, kvHeadCount, feedForwardLength,
                contextLength, size, ropeTheta, rmsEps, tiedEmbeddings, architecture, headDimension);
    }

    public ModelShape withName(String newName) {
        return new ModelShape(newName, embeddingLength, blockCount, headCount, kvHeadCount, feedForwardLength,
                contextLength, vocabSize, ropeTheta, rmsEps, tiedEmbeddings, architecture, headDimension);
    }

    /** Parameters of a model of this shape. */
    public long parameterCount() {
        long e = embeddingLength;
        long perLayer = 2 * e + 2L * e * qDim() + 2 * e * kvDim() + 3 * e * feedForwardLength
                + (QWEN3.equals(architecture) ? 2L * headDimension : 0);
        long embed = e * vocabSize;
        return embed + (tiedEmbeddings ? 0 : embed) + e + blockCount * perLayer;
    }
}
