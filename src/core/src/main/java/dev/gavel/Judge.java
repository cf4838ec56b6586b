package dev.gavel;

import dev.gavel.engine.ChoiceResult;
import dev.gavel.engine.ConstraintSpec;
import dev.gavel.engine.Engine;
import dev.gavel.engine.EngineMetrics;
import dev.gavel.engine.EngineOptions;
import dev.gavel.engine.Generation;
import dev.gavel.engine.GenerationRequest;
import dev.gavel.engine.GenerationSpec;
import dev.gavel.engine.RequestTooLargeException;
import dev.gavel.engine.SamplingParams;
import dev.gavel.engine.Tuning;
import dev.gavel.format.AnswerSpec;
import dev.gavel.format.ChatTemplate;
import dev.gavel.format.JudgeConversation;
import dev.gavel.format.JudgeFormat;
import dev.gavel.format.JudgeFormats;
import dev.gavel.format.JudgeTask;
import dev.gavel.format.PromptText;
import dev.gavel.format.PrometheusFormat;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.format.SentinelChatTemplate;
import dev.gavel.format.StandardChatTemplate;
import dev.gavel.gguf.ModelInfo;
import dev.gavel.llama.ChatMessage;
import dev.gavel.llama.ChatTemplates;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.llama.Vocabulary;
import dev.gavel.tokenize.PromptTokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A local LLM judge: one GGUF model, one prompt format, one batching engine.
 *
 * <pre>{@code
 * try (Judge judge = Judge.open(Path.of("prometheus-7b-v2.0.Q4_K_M.gguf"), JudgeOptions.defaults())) {
 *     Judgment j = judge.grade(new AbsoluteRequest(instruction, response, rubric));
 *     System.out.println(j.score() + " " + j.feedback());
 * }
 * }</pre>
 *
 * <p><b>Thread-safety.</b> All methods may be called from any thread; concurrent calls are batched
 * together by the engine. The asynchronous methods return futures completed on Gavel's own
 * (virtual) threads, never on the engine's decode thread, so callbacks cannot stall decoding.
 *
 * <p><b>Untrusted text.</b> Instruction, responses, reference and rubric are tokenized without
 * special-token parsing, and the score is read only at the constrained position after the
 * format's marker, so the judged text cannot forge control tokens or its own verdict.
 *
 * <p><b>Closing.</b> {@link #close()} is idempotent. Calls made after it throw
 * {@link IllegalStateException}. Requests the engine already admitted complete normally; those
 * still queued fail with an {@link IllegalStateException} saying the judge closed before they
 * started.
 */
public final class Judge implements AutoCloseable {
    /**
     * With ties allowed, a comparison is a tie when the two orders disagree or when
     * {@code |probabilityA - 0.5| < TIE_MARGIN}: the judge's preference is then within noise.
     */
    public static final double TIE_MARGIN = 0.05;

    private static final String AUTO_MODEL = "model";
    /** Futures complete here so user callbacks never run on the engine's decode thread. */
    private static final Executor CALLBACKS = r -> Thread.ofVirtual().name("gavel-judge-callback").start(r);

    private final LlamaModel model;
    private final Engine engine;
    private final JudgeOptions options;
    private final Tuning.Settings settings;
    private final JudgeFormat format;
    private final ChatTemplate template;
    private final JudgeFormat stepFormat;
    private final ChatTemplate stepTemplate;
    private final ModelProvenance modelProvenance;
    /** Trusted segments parse special tokens, untrusted ones never do: the one place that decides it. */
    private final PromptTokenizer tokenizer;
    private final dev.gavel.tokenize.HfTokenizer hfTokenizer;
    private final Vocabulary vocabulary;
    /** Read-held while a call touches the model (tokenizing, submitting); write-held by close. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private Judge(LlamaModel model, Engine engine, JudgeOptions options, Tuning.Settings settings, JudgeFormat format,
                  ChatTemplate template, JudgeFormat stepFormat, ChatTemplate stepTemplate, ModelProvenance provenance,
                  dev.gavel.tokenize.HfTokenizer hfTokenizer) {
        this.model = model;
        this.engine = engine;
        this.options = options;
        this.settings = settings;
        this.format = format;
        this.template = template;
        this.stepFormat = stepFormat;
        this.stepTemplate = stepTemplate;
        this.modelProvenance = provenance;
        this.vocabulary = model.vocabulary();
        this.hfTokenizer = hfTokenizer;
        this.tokenizer = hfTokenizer == null
                ? PromptTokenizer.llama(vocabulary)
                : PromptTokenizer.huggingFace(hfTokenizer,
                        vocabulary.addsBos() ? java.util.OptionalInt.of(vocabulary.bos()) : java.util.OptionalInt.empty());
    }

    /** The model's own tokenizer.json, checked to fit the model's vocabulary; null when not asked for. */
    private static dev.gavel.tokenize.HfTokenizer openHfTokenizer(JudgeOptions options, LlamaModel model) {
        if (options.huggingFaceTokenizer() == null) {
            return null;
        }
        dev.gavel.tokenize.HfTokenizer hf;
        try {
            hf = dev.gavel.tokenize.HfTokenizer.load(options.huggingFaceTokenizer());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read tokenizer " + options.huggingFaceTokenizer() + ": " + e.getMessage(), e);
        }
        if (hf.size() > model.vocabulary().size()) {
            hf.close();
            throw new IllegalArgumentException("tokenizer " + options.huggingFaceTokenizer() + " has " + hf.size()
                    + " tokens but the model only " + model.vocabulary().size() + ": it is not this model's tokenizer");
        }
        return hf;
    }

    /**
     * Loads a judge model and starts its engine.
     *
     * @throws ModelLoadException       when the file cannot be read or loaded
     * @throws IllegalArgumentException when the options name an unknown format or chat template,
     *                                  or a format file cannot be read
     */
    public static Judge open(Path modelFile, JudgeOptions options) throws ModelLoadException {
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(options, "options");
        JudgeFormat format = resolveFormat(options.format());
        JudgeFormat stepFormat = format.supports(JudgeTask.STEPS) ? format : resolveFormat(options.stepFormat());
        String verified = options.expectedModelSha256() == null ? null : verifySha256(modelFile, options.expectedModelSha256());
        LlamaModel model = LlamaModel.load(modelFile, ModelOptions.defaults().withGpuLayers(options.gpuLayers()));
        Engine engine = null;
        dev.gavel.tokenize.HfTokenizer hf = null;
        try {
            ModelInfo info = model.info();
            String sha;
            try {
                sha = verified != null ? verified : ModelDigest.sha256(modelFile, ModelDigest.defaultCacheDir());
            } catch (IOException e) {
                throw new ModelLoadException(modelFile, ModelLoadException.Reason.NOT_READABLE,
                        "cannot hash the file: " + e.getMessage(), e);
            }
            ModelProvenance provenance = new ModelProvenance(modelFile, info.fileSize(), sha, info.name(),
                    info.architecture(), info.quantization());
            ChatTemplate template = resolveTemplate(options.chatTemplate(), format, model);
            ChatTemplate stepTemplate = stepFormat == format ? template
                    : resolveTemplate(options.chatTemplate(), stepFormat, model);
            Tuning.Settings settings = options.engineSettings(Tuning.Hardware.detect(options.gpuLayers()));
            EngineOptions eo = EngineOptions.builder().contextSize(options.contextSize())
                    .batchSize(settings.batchSize()).parallel(settings.parallel()).prefixCache(options.prefixCache())
                    .flashAttention(settings.flashAttention()).threads(settings.threads()).build();
            hf = openHfTokenizer(options, model);
            engine = new Engine(model, eo);
            return new Judge(model, engine, options, settings, format, template, stepFormat, stepTemplate,
                    provenance, hf);
        } catch (ModelLoadException | RuntimeException | Error e) {
            if (engine != null) {
                engine.close();
            }
            if (hf != null) {
                hf.close();
            }
            model.close();
            throw e;
        }
    }

    /**
     * Hashes the whole file, bypassing the digest cache (a file damaged in place keeps its size and
     * time), before native code sees it; refuses a file whose digest is not the expected one.
     */
    private static String verifySha256(Path modelFile, String expected) throws ModelLoadException {
        String actual;
        try {
            actual = ModelDigest.computeSha256(modelFile);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ModelLoadException(modelFile, ModelLoadException.Reason.NOT_READABLE, "no such file", e);
        } catch (IOException e) {
            throw new ModelLoadException(modelFile, ModelLoadException.Reason.NOT_READABLE,
                    "cannot hash the file: " + e.getMessage(), e);
        }
        if (!actual.equals(expected)) {
            throw new ModelLoadException(modelFile, ModelLoadException.Reason.CHECKSUM_MISMATCH,
                    "its SHA-256 is " + actual + ", expected " + expected);
        }
        return actual;
    }

    private static JudgeFormat resolveFormat(String idOrPath) {
        try {
            return JudgeFormats.resolve(idOrPath);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read judge format file " + idOrPath + ": " + e.getMessage(), e);
        }
    }

    /**
     * The chat template for a format: the requested one, or automatically Mistral for Prometheus
     * 2 (its training layout), else the model's own, else ChatML.
     */
    private static ChatTemplate resolveTemplate(String requested, JudgeFormat format, LlamaModel model) {
        String name = requested;
        if (name == null) {
            if (format.id().equals(PrometheusFormat.ID)) {
                name = StandardChatTemplate.MISTRAL.id();
            } else {
                name = model.chatTemplate(null).isPresent() ? AUTO_MODEL : StandardChatTemplate.CHATML.id();
            }
        }
        if (!name.strip().equalsIgnoreCase(AUTO_MODEL)) {
            return StandardChatTemplate.named(name);
        }
        String source = model.chatTemplate(null).orElseThrow(() -> new IllegalArgumentException(
                "chat template 'model' requested but " + model.path() + " has no chat template; name a built-in ("
                        + java.util.Arrays.stream(StandardChatTemplate.values()).map(StandardChatTemplate::id).toList() + ")"));
        Vocabulary v = model.vocabulary();
        String bosText = v.bos() >= 0 ? v.text(v.bos()) : "";
        String modelName = model.info().name() != null ? model.info().name() : model.path().getFileName().toString();
        ChatTemplate t = new SentinelChatTemplate("gguf:" + modelName, source, bosText, (system, user) -> {
            List<ChatMessage> messages = new ArrayList<>(2);
            if (system != null) {
                messages.add(new ChatMessage("system", system));
            }
            messages.add(new ChatMessage("user", user));
            return ChatTemplates.apply(source, messages, true);
        });
        // Fail at open, not at the first request, when llama.cpp cannot apply this template.
        t.apply(PromptText.template("system"), PromptText.content("user"));
        return t;
    }

    // ------------------------------------------------------------------ absolute

    /** Grades one response; blocks until done. */
    public Judgment grade(AbsoluteRequest request) throws JudgeException {
        return await(gradeAsync(request));
    }

    /**
     * Grades one response asynchronously. The future fails with a {@link JudgeException} (such as
     * {@link InputTooLongException}) when the request cannot be judged, or with
     * {@link IllegalStateException} when the judge closed before the request started.
     *
     * @throws IllegalStateException when the judge is closed
     */
    public CompletableFuture<Judgment> gradeAsync(AbsoluteRequest request) {
        Objects.requireNonNull(request, "request");
        long start = System.nanoTime();
        return withOpen(() -> gradePrepared(prepareAbsolute(request), start));
    }

    /** Submits a prepared absolute prompt (k samples) and combines the results; caller holds the read lock. */
    private CompletableFuture<Judgment> gradePrepared(Prepared p, long start) {
        {
            int k = options.samples();
            List<CompletableFuture<Generation>> gens = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                gens.add(engine.submit(new GenerationRequest(p.tokens, spec(p, options.seed() + i))));
            }
            return collect(gens, list -> combineAbsolute(p, list, start));
        }
    }

    /** For tests in this package: the prompt and token ids a request becomes. */
    Prepared prepareForTest(AbsoluteRequest request) throws InputTooLongException {
        return underReadLockChecked(() -> prepareAbsolute(request));
    }

    /** For tests in this package: grades given token ids exactly as {@link #gradeAsync} grades a request's. */
    CompletableFuture<Judgment> gradeTokensForTest(RenderedPrompt prompt, int[] tokens) {
        return withOpen(() -> gradePrepared(new Prepared(prompt, tokens, false, maxTokens(prompt.answer())),
                System.nanoTime()));
    }

    /** Grades all requests concurrently; results in request order. Stops at the first failure. */
    public List<Judgment> gradeAll(List<AbsoluteRequest> requests) throws JudgeException {
        List<CompletableFuture<Judgment>> futures = new ArrayList<>(requests.size());
        for (AbsoluteRequest r : requests) {
            futures.add(gradeAsync(r));
        }
        return awaitAll(futures);
    }

    /**
     * The number of prompt tokens the engine will see for this request (after elision when the
     * long-input policy elides), for planning and benchmarks. Does not generate anything.
     *
     * @throws IllegalStateException when the judge is closed
     */
    public int promptTokens(AbsoluteRequest request) {
        Objects.requireNonNull(request, "request");
        return underReadLock(() -> {
            try {
                return prepareAbsolute(request).tokens.length;
            } catch (InputTooLongException e) {
                return e.promptTokens();
            }
        });
    }

    private Prepared prepareAbsolute(AbsoluteRequest request) throws InputTooLongException {
        Function<AbsoluteRequest, RenderedPrompt> render = r -> render(format.absolute(r), template);
        return fit(request, List.of(request.response()), (r, texts) -> r.withResponse(texts.getFirst()), render);
    }

    private Judgment combineAbsolute(Prepared p, List<Generation> gens, long start) {
        List<Sample> samples = new ArrayList<>(gens.size());
        for (int i = 0; i < gens.size(); i++) {
            Generation g = gens.get(i);
            ChoiceResult c = choice(g);
            samples.add(new Sample(parseScore(c.option()), c.distribution(), g.text().strip(), options.seed() + i));
        }
        ScoreDistribution dist = meanDistribution(samples.stream().map(Sample::distribution).toList());
        int majority = majority(samples);
        double mean = samples.stream().mapToInt(Sample::score).average().orElseThrow();
        String feedback = samples.stream().filter(s -> s.score() == majority).findFirst().orElseThrow().feedback();
        double expected = dist.expectedValue().orElse(Double.NaN);
        return new Judgment(majority, dist, expected, feedback, dist.allowedMass(), samples, majority, mean,
                tokens(gens), timings(gens, start), p.elided, provenance(p.prompt, options.samples()));
    }

    /** Most frequent score; ties go to the higher summed probability, then to the lower score. */
    static int majority(List<Sample> samples) {
        TreeMap<Integer, int[]> counts = new TreeMap<>();
        TreeMap<Integer, Double> mass = new TreeMap<>();
        for (Sample s : samples) {
            counts.computeIfAbsent(s.score(), x -> new int[1])[0]++;
        }
        for (int score : counts.keySet()) {
            double sum = 0;
            for (Sample s : samples) {
                int i = s.distribution().options().indexOf(Integer.toString(score));
                if (i >= 0) {
                    sum += s.distribution().probability(i);
                }
            }
            mass.put(score, sum);
        }
        return counts.keySet().stream().max(Comparator.<Integer>comparingInt(s -> counts.get(s)[0])
                .thenComparingDouble(mass::get).thenComparing(Comparator.<Integer>reverseOrder())).orElseThrow();
    }

    private static ScoreDistribution meanDistribution(List<ScoreDistribution> ds) {
        if (ds.size() == 1) {
            return ds.getFirst();
        }
        ScoreDistribution first = ds.getFirst();
        double[] m = new double[first.options().size()];
        double allowed = 0;
        for (ScoreDistribution d : ds) {
            for (int i = 0; i < m.length; i++) {
                m[i] += d.mass(i) / ds.size();
            }
            allowed += d.allowedMass() / ds.size();
        }
        return new ScoreDistribution(first.options(), m, allowed);
    }

    private static int parseScore(String option) {
        try {
            return Integer.parseInt(option.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the judge format's option '" + option + "' is not an integer score", e);
        }
    }

    // ------------------------------------------------------------------ pairwise

    /** Compares two responses; blocks until done. */
    public PairwiseJudgment compare(PairwiseRequest request) throws JudgeException {
        return await(compareAsync(request));
    }

    /**
     * Compares two responses asynchronously: in both orders unless
     * {@link JudgeOptions#pairwiseBothOrders()} is off. Failures as for {@link #gradeAsync}.
     *
     * @throws IllegalStateException when the judge is closed
     */
    public CompletableFuture<PairwiseJudgment> compareAsync(PairwiseRequest request) {
        Objects.requireNonNull(request, "request");
        long start = System.nanoTime();
        return withOpen(() -> {
            Prepared forward = preparePairwise(request);
            Prepared reversed = options.pairwiseBothOrders() ? preparePairwise(request.swapped()) : null;
            List<CompletableFuture<Generation>> gens = new ArrayList<>(2);
            gens.add(engine.submit(new GenerationRequest(forward.tokens, spec(forward, options.seed()))));
            if (reversed != null) {
                gens.add(engine.submit(new GenerationRequest(reversed.tokens, spec(reversed, options.seed()))));
            }
            return collect(gens, list -> combinePairwise(forward, list, start));
        });
    }

    /** Compares all pairs concurrently; results in request order. Stops at the first failure. */
    public List<PairwiseJudgment> compareAll(List<PairwiseRequest> requests) throws JudgeException {
        List<CompletableFuture<PairwiseJudgment>> futures = new ArrayList<>(requests.size());
        for (PairwiseRequest r : requests) {
            futures.add(compareAsync(r));
        }
        return awaitAll(futures);
    }

    private Prepared preparePairwise(PairwiseRequest request) throws InputTooLongException {
        Function<PairwiseRequest, RenderedPrompt> render = r -> render(format.pairwise(r), template);
        Prepared p = fit(request, List.of(request.responseA(), request.responseB()),
                (r, texts) -> new PairwiseRequest(r.instruction(), texts.get(0), texts.get(1), r.criterion(),
                        r.referenceAnswer()), render);
        if (p.prompt.answer().options().size() != 2) {
            throw new IllegalStateException("pairwise format " + p.prompt.formatId()
                    + " must offer exactly two options (first response, second response), has "
                    + p.prompt.answer().options());
        }
        return p;
    }

    private PairwiseJudgment combinePairwise(Prepared forwardPrompt, List<Generation> gens, long start) {
        OrderResult forward = order(gens.get(0), false);
        OrderResult reversed = gens.size() > 1 ? order(gens.get(1), true) : null;
        double pA = reversed == null ? forward.probabilityA() : (forward.probabilityA() + reversed.probabilityA()) / 2;
        boolean consistent = reversed == null || forward.winner() == reversed.winner();
        Winner winner;
        if (options.allowTies() && (!consistent || Math.abs(pA - 0.5) < TIE_MARGIN)) {
            winner = Winner.TIE;
        } else if (pA > 0.5) {
            winner = Winner.A;
        } else if (pA < 0.5) {
            winner = Winner.B;
        } else {
            winner = forward.winner();
        }
        return new PairwiseJudgment(winner, pA, consistent, forward, reversed, forward.feedback(), tokens(gens),
                timings(gens, start), provenance(forwardPrompt.prompt, 1));
    }

    /**
     * One order's verdict in the request's labels: when the responses were shown swapped, the
     * first option (the first response shown) is B, so the masses are swapped back and the
     * distribution, the winner and probabilityA all speak of the request's A and B.
     */
    private static OrderResult order(Generation g, boolean swapped) {
        ChoiceResult c = choice(g);
        ScoreDistribution shown = c.distribution();
        ScoreDistribution d = swapped
                ? new ScoreDistribution(shown.options(), new double[] {shown.mass(1), shown.mass(0)}, shown.allowedMass())
                : shown;
        boolean firstChosen = shown.options().indexOf(c.option()) == 0;
        Winner winner = firstChosen != swapped ? Winner.A : Winner.B;
        return new OrderResult(swapped, winner, d.probability(0), d, g.text().strip());
    }

    // ------------------------------------------------------------------ steps

    /** Finds the earliest wrong step of a solution; blocks until done. */
    public StepJudgment judgeSteps(StepRequest request) throws JudgeException {
        return await(judgeStepsAsync(request));
    }

    /**
     * Finds the earliest wrong step asynchronously, with the step format (ProcessBench by
     * default). Steps are never elided: a solution too long for the context fails with
     * {@link InputTooLongException}.
     *
     * @throws IllegalStateException when the judge is closed
     */
    public CompletableFuture<StepJudgment> judgeStepsAsync(StepRequest request) {
        Objects.requireNonNull(request, "request");
        long start = System.nanoTime();
        return withOpen(() -> {
            RenderedPrompt prompt = render(stepFormat.steps(request), stepTemplate);
            int[] ids = tokenizer.tokenize(prompt);
            int max = maxTokens(prompt.answer());
            if (ids.length + max > options.contextSize()) {
                throw new InputTooLongException(ids.length, max, options.contextSize(),
                        "step solutions are never elided; raise contextSize or lower feedbackTokens");
            }
            Prepared p = new Prepared(prompt, ids, false, max);
            CompletableFuture<Generation> g = engine.submit(new GenerationRequest(ids, spec(p, options.seed())));
            return collect(List.of(g), list -> {
                ChoiceResult c = choice(list.getFirst());
                return new StepJudgment(parseScore(c.option()), c.distribution(), list.getFirst().text().strip(),
                        tokens(list), timings(list, start), provenance(prompt, 1));
            });
        });
    }

    // ------------------------------------------------------------------ shared machinery

    /** A prompt ready for the engine. */
    record Prepared(RenderedPrompt prompt, int[] tokens, boolean elided, int maxTokens) {
    }

    private RenderedPrompt render(JudgeConversation conversation, ChatTemplate chat) {
        return options.mode() == JudgeOptions.Mode.SCORE_ONLY ? conversation.renderScoreOnly(chat, "")
                : conversation.render(chat);
    }

    /**
     * Renders and tokenizes a request; when it does not fit and the policy allows, re-renders it
     * with the middle of its responses cut, shrinking further until it fits.
     */
    private <Q> Prepared fit(Q request, List<String> responses, BiFunction<Q, List<String>, Q> withResponses,
                             Function<Q, RenderedPrompt> render) throws InputTooLongException {
        RenderedPrompt prompt = render.apply(request);
        int[] ids = tokenizer.tokenize(prompt);
        int max = maxTokens(prompt.answer());
        int limit = options.contextSize() - max;
        if (ids.length <= limit) {
            return new Prepared(prompt, ids, false, max);
        }
        if (options.longInput() == JudgeOptions.LongInputPolicy.FAIL) {
            throw new InputTooLongException(ids.length, max, options.contextSize(),
                    "shorten the response, lower feedbackTokens, raise contextSize, or set longInput to ELIDE_RESPONSE_MIDDLE");
        }
        List<int[]> plain = responses.stream().map(tokenizer::untrusted).toList();
        int remove = ids.length - limit;
        // Tokens can merge differently at the cut, so re-measure and cut more if needed.
        for (int attempt = 0; attempt < 8; attempt++) {
            List<String> cut = ResponseElision.cut(vocabulary, responses, plain, remove);
            if (cut == null) {
                break;
            }
            RenderedPrompt shorter = render.apply(withResponses.apply(request, cut));
            int[] shorterIds = tokenizer.tokenize(shorter);
            if (shorterIds.length <= limit) {
                return new Prepared(shorter, shorterIds, true, max);
            }
            remove += shorterIds.length - limit + 1;
        }
        throw new InputTooLongException(ids.length, max, options.contextSize(),
                "even with the responses elided it does not fit (instruction, rubric and reference are never cut); "
                        + "raise contextSize or lower feedbackTokens");
    }

    /**
     * Tokens the answer may append: the feedback budget, the forced marker, and the longest option
     * (at most one token per byte, plus one for a leading space and one for an end-of-generation
     * token closing an option that prefixes another).
     */
    private int maxTokens(AnswerSpec answer) {
        int option = 0;
        for (String o : answer.options()) {
            option = Math.max(option, o.getBytes(StandardCharsets.UTF_8).length + 2);
        }
        if (answer.mode() == AnswerSpec.Mode.CHOICE_ONLY) {
            return option;
        }
        return options.feedbackTokens() + vocabulary.tokenize(answer.marker().stripTrailing()).length + option;
    }

    private GenerationSpec spec(Prepared p, long seed) {
        AnswerSpec a = p.prompt.answer();
        ConstraintSpec constraint = a.mode() == AnswerSpec.Mode.CHOICE_ONLY ? new ConstraintSpec.Choice(a.options())
                : new ConstraintSpec.FreeTextThenChoice(options.feedbackTokens(), a.marker(), a.options());
        SamplingParams sampling = new SamplingParams(options.temperature(), options.topK(), options.topP(),
                options.minP(), seed);
        return new GenerationSpec(p.maxTokens, sampling, List.of(), constraint);
    }

    private static ChoiceResult choice(Generation g) {
        if (g.choices().isEmpty()) {
            throw new IllegalStateException("the engine finished a constrained request without a choice ("
                    + g.finishReason() + ")");
        }
        return g.choices().getFirst();
    }

    private static TokenCounts tokens(List<Generation> gens) {
        int prompt = 0;
        int reused = 0;
        int generated = 0;
        for (Generation g : gens) {
            prompt += g.promptTokens();
            reused += g.reusedTokens();
            generated += g.generatedTokens();
        }
        return new TokenCounts(prompt, reused, generated, gens.size());
    }

    private static Timings timings(List<Generation> gens, long start) {
        Duration queued = Duration.ZERO;
        Duration first = null;
        for (Generation g : gens) {
            queued = g.queued().compareTo(queued) > 0 ? g.queued() : queued;
            first = first == null || g.timeToFirstToken().compareTo(first) < 0 ? g.timeToFirstToken() : first;
        }
        return new Timings(queued, first == null ? Duration.ZERO : first, Duration.ofNanos(System.nanoTime() - start));
    }

    private Provenance provenance(RenderedPrompt p, int samples) {
        return provenance(p.formatId(), p.templateSha256(), p.chatTemplateId(), samples);
    }

    private Provenance provenance(String formatId, String templateSha256, String chatTemplateId, int samples) {
        String mode = options.mode() == JudgeOptions.Mode.SCORE_ONLY ? "score-only" : "feedback-then-score";
        return new Provenance(modelProvenance.sha256(), modelProvenance.name(), modelProvenance.architecture(),
                modelProvenance.quantization(), formatId, templateSha256, chatTemplateId, mode, samples,
                options.temperature(), options.topK(), options.topP(), options.minP(), options.seed(),
                GavelVersion.current());
    }

    /**
     * The provenance every judgment of {@code task} by this judge carries, known before any is
     * made: to check, say, that an output file being resumed was written by the same judge.
     *
     * @throws UnsupportedOperationException when this judge's format for the task cannot judge it
     */
    public Provenance provenance(JudgeTask task) {
        Objects.requireNonNull(task, "task");
        JudgeFormat f = task == JudgeTask.STEPS ? stepFormat : format;
        ChatTemplate t = task == JudgeTask.STEPS ? stepTemplate : template;
        if (!f.supports(task)) {
            throw new UnsupportedOperationException("format " + f.id() + " cannot judge " + task);
        }
        String sha = JudgeConversation.templateSha256(f.templateSha256(), t,
                options.mode() == JudgeOptions.Mode.SCORE_ONLY);
        return provenance(f.id(), sha, t.id(), task == JudgeTask.ABSOLUTE ? options.samples() : 1);
    }

    /** Work that needs the model open; may fail with a judge exception before anything is submitted. */
    @FunctionalInterface
    private interface Submission<T> {
        CompletableFuture<T> run() throws JudgeException;
    }

    @FunctionalInterface
    private interface ModelWork<T> {
        T run();
    }

    private <T> CompletableFuture<T> withOpen(Submission<T> work) {
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            requireOpen();
            return work.run();
        } catch (JudgeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            lock.unlock();
        }
    }

    private <T> T underReadLock(ModelWork<T> work) {
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            requireOpen();
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface CheckedModelWork<T> {
        T run() throws InputTooLongException;
    }

    private <T> T underReadLockChecked(CheckedModelWork<T> work) throws InputTooLongException {
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            requireOpen();
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("judge is closed");
        }
    }

    /**
     * One future over several engine requests: completes with {@code combine} of their results on
     * a Gavel thread, or fails with the first failure translated for callers; cancelling it
     * cancels the engine requests.
     */
    private <T> CompletableFuture<T> collect(List<CompletableFuture<Generation>> gens,
                                             Function<List<Generation>, T> combine) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture.allOf(gens.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, error) -> {
            if (error != null) {
                gens.forEach(g -> g.cancel(false));
                result.completeExceptionally(translate(error));
                return;
            }
            try {
                result.complete(combine.apply(gens.stream().map(CompletableFuture::join).toList()));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, CALLBACKS);
        result.whenComplete((v, error) -> {
            if (result.isCancelled()) {
                gens.forEach(g -> g.cancel(false));
            }
        });
        return result;
    }

    private static Throwable translate(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return switch (cause) {
            case RequestTooLargeException e -> new InputTooLongException(e.needed(), 0, e.available(),
                    "the engine refused it: " + e.getMessage());
            case JudgeException e -> e;
            case CancellationException e -> e;
            case dev.gavel.engine.EngineClosedException e ->
                    new IllegalStateException("judge closed before this request started", e);
            case dev.gavel.engine.DecodeFailedException e -> new JudgeException(e.getMessage(), e);
            case dev.gavel.engine.NonFiniteLogitsException e -> new JudgeException(e.getMessage(), e);
            case RuntimeException e -> new JudgeException("the engine failed on this request: " + e.getMessage(), e);
            default -> cause;
        };
    }

    private static <T> T await(CompletableFuture<T> future) throws JudgeException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new JudgeException("interrupted while waiting for the judge", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            switch (cause) {
                case JudgeException j -> throw j;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new JudgeException("judge request failed: " + cause, cause);
            }
        }
    }

    private static <T> List<T> awaitAll(List<CompletableFuture<T>> futures) throws JudgeException {
        List<T> out = new ArrayList<>(futures.size());
        try {
            for (CompletableFuture<T> f : futures) {
                out.add(await(f));
            }
            return out;
        } finally {
            if (out.size() < futures.size()) {
                futures.forEach(f -> f.cancel(false));
            }
        }
    }

    // ------------------------------------------------------------------ accessors and lifecycle

    /** The judge model's identity (SHA-256 computed once at open). */
    public ModelProvenance model() {
        return modelProvenance;
    }

    public JudgeOptions options() {
        return options;
    }

    /** The engine settings in use: the options' own, the automatic ones resolved for this machine. */
    public Tuning.Settings engineSettings() {
        return settings;
    }

    /** The format used for grading and comparing. */
    public JudgeFormat format() {
        return format;
    }

    /** The chat template used for grading and comparing. */
    public ChatTemplate chatTemplate() {
        return template;
    }

    /** Engine counters since open (still readable after close). */
    public EngineMetrics metrics() {
        return engine.metrics();
    }

    /**
     * What the engine holds now: requests in flight and KV cells, for leak checks (after close,
     * its last state: idle).
     */
    public dev.gavel.engine.EngineOccupancy occupancy() {
        return engine.occupancy();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops accepting calls, lets admitted requests finish, fails queued ones, then frees the
     * engine and the model. Idempotent; blocks until the admitted requests are done.
     */
    @Override
    public void close() {
        ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            engine.close();
            if (hfTokenizer != null) {
                hfTokenizer.close();
            }
            model.close();
        } finally {
            lock.unlock();
        }
    }
}
