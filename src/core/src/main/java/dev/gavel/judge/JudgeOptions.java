package dev.gavel.judge;

import dev.gavel.EngineSettings;
import dev.gavel.InputTooLongException;
import dev.gavel.InvalidOptionException;
import dev.gavel.JudgeMode;
import dev.gavel.Winner;
import dev.gavel.engine.Tuning;

/**
 * How a {@link Judge} prompts, decodes and runs. Build with {@link #builder()}; every field has a
 * default suited to Prometheus 2, and the engine's (parallel, threads, batch size, flash
 * attention) follow the hardware found unless set ({@link Tuning}).
 *
 * @param format             judge format id ("prometheus2", "gavel-rubric-v1") or template file path
 * @param stepFormat         format for {@link Judge#judgeSteps}, used when {@code format} cannot judge steps
 * @param chatTemplate       "model" (the GGUF's own template), a built-in name ("chatml", "llama3",
 *                           "mistral", "phi3", "gemma", "raw"), or null for automatic: "mistral" for
 *                           prometheus2 (its training layout), otherwise the model's own template if
 *                           the GGUF has one, else "chatml"
 * @param mode               write feedback before the score, or score straight away
 * @param samples            k: generations per prompt, combined by majority and mean
 * @param feedbackTokens     token budget of the feedback before the score is forced
 * @param temperature        sampling temperature; 0 = greedy (required > 0 when samples > 1)
 * @param topK               top-k, 0 = off
 * @param topP               top-p, 1 = off
 * @param minP               min-p, 0 = off
 * @param seed               seed of the first sample; sample i uses seed + i
 * @param pairwiseBothOrders compare in both orders (A,B) and (B,A) and combine
 * @param allowTies          allow {@link Winner#TIE} in pairwise comparisons
 * @param longInput          what to do with a prompt that does not fit the context
 * @param parallel           requests decoded together, or 0 for the hardware's default ({@link Tuning})
 * @param contextSize        KV cells of one request: its prompt plus its answer budget must fit;
 *                           each parallel request has a KV stream of this size
 * @param threads            CPU threads, or 0 for the hardware's default (all processors)
 * @param gpuLayers          layers offloaded to a GPU; -1 (the default) = all layers when a GPU
 *                           backend is present, none otherwise; 0 = CPU only
 * @param prefixCache        share common prompt prefixes between requests
 * @param batchSize          tokens per decode call, or 0 for automatic
 *                           ({@link Tuning#automaticBatchSize}: 512 with flash attention or GPU
 *                           layers, else 128)
 * @param flashAttention     flash attention in llama.cpp (AUTO: on, except on a CPU for a model
 *                           whose attention heads are narrower than 64)
 * @param huggingFaceTokenizer the model's own tokenizer.json, to tokenize prompts exactly as in
 *                           training where llama.cpp's tokenizer differs (docs/tokenizers.md); null
 *                           for llama.cpp's tokenizer from the GGUF
 * @param expectedModelSha256 the SHA-256 (64 hex digits) the model file must have, or null for
 *                           no check: {@link Judge#open} hashes the whole file before anything
 *                           loads it and refuses a file that differs (a corrupted download, a
 *                           file replaced by another)
 * @param engines            engines on the model side by side, each with its own context, its share
 *                           of the threads and of {@code parallel}, requests going to the least busy
 *                           (1, the default: one engine). On a 2-core CPU two engines of one thread
 *                           finished judge-sized work 1.05-1.24x sooner than one of two
 *                           (docs/performance.md); prompts share cached prefixes only within an engine
 */
public record JudgeOptions(String format, String stepFormat, String chatTemplate, JudgeMode mode, int samples,
                           int feedbackTokens, float temperature, int topK, float topP, float minP, long seed,
                           boolean pairwiseBothOrders, boolean allowTies, LongInputPolicy longInput, int parallel,
                           int contextSize, int threads, int gpuLayers, boolean prefixCache, int batchSize,
                           FlashAttention flashAttention, java.nio.file.Path huggingFaceTokenizer,
                           String expectedModelSha256, int engines) {

    /** The default feedback budget: Prometheus 2's feedback runs to about 100-250 tokens. */
    public static final int DEFAULT_FEEDBACK_TOKENS = 256;

    /**
     * Flash attention. On the bundled llama.cpp it is faster for one sequence and for many
     * (prefill ~1.6x, batched decode of 8 judge prompts 1.3x, docs/performance.md), so AUTO turns
     * it on, except on a CPU for heads narrower than 64, where its kernel decodes 2.4-2.8x slower;
     * OFF is for backends without flash-attention kernels.
     */
    public enum FlashAttention {
        /** On, except on a CPU for attention heads narrower than {@link Tuning#CPU_FLASH_MIN_HEAD_SIZE}. */
        AUTO,
        ON,
        OFF
    }

    /**
     * The engine settings these options give on {@code hardware}: every value set here is kept,
     * the ones left automatic (parallel, threads, batch size, flash attention) follow
     * {@link Tuning#resolve}.
     */
    EngineSettings engineSettings(Tuning.Hardware hardware) {
        return engineSettings(hardware, 0);
    }

    /** As {@link #engineSettings(Tuning.Hardware)} for a model whose attention heads are {@code headSize} wide (0: unknown). */
    EngineSettings engineSettings(Tuning.Hardware hardware, int headSize) {
        return Tuning.resolve(hardware, headSize, parallel, threads, batchSize,
                flashAttention == FlashAttention.AUTO ? null : flashAttention == FlashAttention.ON, engines);
    }

    /**
     * The most requests these options decode together on any machine: {@code parallel} when set,
     * otherwise {@link Tuning#maxAutomaticParallel()}. For sizing work queues before the judge opens.
     */
    public int parallelUpperBound() {
        return parallel > 0 ? parallel : Tuning.maxAutomaticParallel();
    }

    /** What to do when a prompt plus its answer budget does not fit the context. */
    public enum LongInputPolicy {
        /** Throw {@link InputTooLongException}. */
        FAIL,
        /**
         * Cut tokens from the middle of the response(s) and put a visible marker
         * {@code "\n[... N tokens elided by Gavel ...]\n"} in their place. Instruction, rubric and
         * reference are never cut; the judgment's {@code elided} flag is set.
         */
        ELIDE_RESPONSE_MIDDLE
    }

    /**
     * @throws InvalidOptionException naming the first option that is out of range or contradicts
     *                                another
     */
    public JudgeOptions {
        require(format != null && !format.isBlank(), "format", "must not be blank", format);
        require(stepFormat != null && !stepFormat.isBlank(), "stepFormat", "must not be blank", stepFormat);
        require(chatTemplate == null || !chatTemplate.isBlank(), "chatTemplate",
                "must be null (automatic) or a name", chatTemplate);
        require(mode != null, "mode", "must not be null", null);
        require(longInput != null, "longInput", "must not be null", null);
        require(samples >= 1, "samples", "must be >= 1", samples);
        require(feedbackTokens >= 0, "feedbackTokens", "must be >= 0", feedbackTokens);
        require(!Float.isNaN(temperature) && temperature >= 0, "temperature", "must be >= 0", temperature);
        require(samples == 1 || temperature > 0, "temperature",
                "must be > 0 when %s > 1: greedy samples would all be equal", temperature, "samples");
        require(topK >= 0, "topK", "must be >= 0", topK);
        require(topP > 0 && topP <= 1, "topP", "must be in (0, 1]", topP);
        require(minP >= 0 && minP < 1, "minP", "must be in [0, 1)", minP);
        // Greedy decoding takes the argmax, which no filter removes: a filter set with it would be ignored.
        require(temperature > 0 || topK == 0, "topK", "has no effect with greedy decoding; set %s > 0 to sample",
                null, "temperature");
        require(temperature > 0 || topP == 1, "topP", "has no effect with greedy decoding; set %s > 0 to sample",
                null, "temperature");
        require(temperature > 0 || minP == 0, "minP", "has no effect with greedy decoding; set %s > 0 to sample",
                null, "temperature");
        require(parallel >= 0, "parallel", "must be >= 1 (0 = automatic)", parallel);
        require(contextSize >= 64, "contextSize", "must be >= 64", contextSize);
        require(threads >= 0, "threads", "must be >= 0 (0 = automatic)", threads);
        require(gpuLayers >= -1, "gpuLayers", "must be >= 0, or -1 for all layers on a GPU", gpuLayers);
        require(batchSize >= 0, "batchSize", "must be >= 0 (0 = automatic)", batchSize);
        require(flashAttention != null, "flashAttention", "must not be null", null);
        require(engines >= 1, "engines", "must be >= 1", engines);
        require(threads == 0 || engines <= threads, "engines", "must be <= %s: each engine needs a thread", engines, "threads");
        if (expectedModelSha256 != null) {
            expectedModelSha256 = expectedModelSha256.strip().toLowerCase(java.util.Locale.ROOT);
            require(expectedModelSha256.matches("[0-9a-f]{64}"), "expectedModelSha256",
                    "must be 64 hexadecimal digits (what sha256sum prints)", expectedModelSha256);
        }
    }

    private static void require(boolean ok, String option, String rule, Object value, String... related) {
        if (!ok) {
            throw new InvalidOptionException(option, rule, value, related);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: Prometheus 2, feedback then score, greedy, one sample, both orders. */
    public static JudgeOptions defaults() {
        return builder().build();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.format = format;
        b.stepFormat = stepFormat;
        b.chatTemplate = chatTemplate;
        b.mode = mode;
        b.samples = samples;
        b.feedbackTokens = feedbackTokens;
        b.temperature = temperature;
        b.topK = topK;
        b.topP = topP;
        b.minP = minP;
        b.seed = seed;
        b.pairwiseBothOrders = pairwiseBothOrders;
        b.allowTies = allowTies;
        b.longInput = longInput;
        b.parallel = parallel;
        b.contextSize = contextSize;
        b.threads = threads;
        b.gpuLayers = gpuLayers;
        b.prefixCache = prefixCache;
        b.batchSize = batchSize;
        b.flashAttention = flashAttention;
        b.huggingFaceTokenizer = huggingFaceTokenizer;
        b.expectedModelSha256 = expectedModelSha256;
        b.engines = engines;
        return b;
    }

    /**
     * Builder. When {@code samples > 1} and no temperature was set, sampling defaults to
     * temperature 1.0 and top-p 0.9 (prometheus-eval's sampling settings); with one sample the
     * default is greedy.
     */
    public static final class Builder {
        private String format = "prometheus2";
        private String stepFormat = "processbench-critique";
        private String chatTemplate;
        private JudgeMode mode = JudgeMode.FEEDBACK_THEN_SCORE;
        private int samples = 1;
        private int feedbackTokens = DEFAULT_FEEDBACK_TOKENS;
        private Float temperature;
        private int topK;
        private Float topP;
        private float minP;
        private long seed;
        private boolean pairwiseBothOrders = true;
        private boolean allowTies;
        private LongInputPolicy longInput = LongInputPolicy.FAIL;
        private int parallel;
        private int contextSize = 4096;
        private FlashAttention flashAttention = FlashAttention.AUTO;
        private java.nio.file.Path huggingFaceTokenizer;
        private String expectedModelSha256;
        private int threads;
        private int gpuLayers = -1;
        private boolean prefixCache = true;
        private int batchSize = 0;
        private int engines = 1;

        private Builder() {
        }

        public Builder format(String idOrPath) {
            this.format = idOrPath;
            return this;
        }

        public Builder stepFormat(String idOrPath) {
            this.stepFormat = idOrPath;
            return this;
        }

        public Builder chatTemplate(String nameOrModel) {
            this.chatTemplate = nameOrModel;
            return this;
        }

        public Builder mode(JudgeMode m) {
            this.mode = m;
            return this;
        }

        public Builder samples(int k) {
            this.samples = k;
            return this;
        }

        public Builder feedbackTokens(int n) {
            this.feedbackTokens = n;
            return this;
        }

        public Builder temperature(float t) {
            this.temperature = t;
            return this;
        }

        public Builder topK(int k) {
            this.topK = k;
            return this;
        }

        public Builder topP(float p) {
            this.topP = p;
            return this;
        }

        public Builder minP(float p) {
            this.minP = p;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder pairwiseBothOrders(boolean on) {
            this.pairwiseBothOrders = on;
            return this;
        }

        public Builder allowTies(boolean on) {
            this.allowTies = on;
            return this;
        }

        public Builder longInput(LongInputPolicy policy) {
            this.longInput = policy;
            return this;
        }

        public Builder parallel(int n) {
            this.parallel = n;
            return this;
        }

        public Builder contextSize(int n) {
            this.contextSize = n;
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Builder gpuLayers(int n) {
            this.gpuLayers = n;
            return this;
        }

        public Builder prefixCache(boolean on) {
            this.prefixCache = on;
            return this;
        }

        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** Tokenize prompts with this tokenizer.json instead of llama.cpp's tokenizer. */
        public Builder huggingFaceTokenizer(java.nio.file.Path tokenizerJson) {
            this.huggingFaceTokenizer = tokenizerJson;
            return this;
        }

        /** Refuse to open a model file whose SHA-256 is not this (64 hex digits); null for no check. */
        public Builder expectedModelSha256(String sha256) {
            this.expectedModelSha256 = sha256;
            return this;
        }

        /** Engines side by side on the model, sharing out the threads and sequences (default 1). */
        public Builder engines(int n) {
            this.engines = n;
            return this;
        }

        public Builder flashAttention(FlashAttention mode) {
            this.flashAttention = mode;
            return this;
        }

        public JudgeOptions build() {
            boolean sampling = samples > 1;
            float t = temperature != null ? temperature : (sampling ? 1.0f : 0f);
            float p = topP != null ? topP : (sampling && temperature == null ? 0.9f : 1f);
            return new JudgeOptions(format, stepFormat, chatTemplate, mode, samples, feedbackTokens, t, topK, p, minP,
                    seed, pairwiseBothOrders, allowTies, longInput, parallel, contextSize, threads, gpuLayers,
                    prefixCache, batchSize, flashAttention, huggingFaceTokenizer, expectedModelSha256, engines);
        }
    }
}
