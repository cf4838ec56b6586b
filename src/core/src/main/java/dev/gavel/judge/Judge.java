package dev.gavel.judge;

import dev.gavel.AbsoluteRequest;
import dev.gavel.EngineMetrics;
import dev.gavel.EngineOccupancy;
import dev.gavel.EngineSettings;
import dev.gavel.InputTooLongException;
import dev.gavel.JudgeException;
import dev.gavel.JudgeTask;
import dev.gavel.Judgment;
import dev.gavel.ModelLoadException;
import dev.gavel.ModelProvenance;
import dev.gavel.PairwiseJudgment;
import dev.gavel.PairwiseRequest;
import dev.gavel.Provenance;
import dev.gavel.StepJudgment;
import dev.gavel.StepRequest;
import dev.gavel.judge.recipe.PreparedPrompt;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

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
 * <p><b>Failures.</b> A request that cannot be judged fails with a {@link JudgeException} whose
 * {@link JudgeException#reason() reason} says why (input too long, decode failed, engine failed,
 * closed...). A request the format cannot take (a rubric of the wrong size) is refused with
 * {@link IllegalArgumentException} at the call.
 *
 * <p><b>Closing.</b> {@link #close()} is idempotent. Calls made after it throw
 * {@link IllegalStateException}. Requests the engine already admitted complete normally; those
 * still queued fail with a {@link JudgeException} of reason
 * {@link JudgeException.Reason#CLOSED CLOSED}.
 */
public final class Judge implements AutoCloseable {
    /**
     * With ties allowed, a comparison is a tie when the two orders disagree or when
     * {@code |probabilityA - 0.5| < TIE_MARGIN}: the judge's preference is then within noise.
     */
    public static final double TIE_MARGIN = OrderAggregation.TIE_MARGIN;

    private final JudgeOptions options;
    private final JudgeSetup setup;
    private final JudgeCalls calls;
    private final OpenGuard guard = new OpenGuard();

    private Judge(JudgeOptions options, JudgeSetup setup) {
        this.options = options;
        this.setup = setup;
        this.calls = new JudgeCalls(options, setup);
    }

    /**
     * Loads a judge model and starts its engine.
     *
     * @throws ModelLoadException       when the file cannot be read or loaded, or its SHA-256 is
     *                                  not {@link JudgeOptions#expectedModelSha256()}
     * @throws IllegalArgumentException when the options name an unknown format or chat template,
     *                                  or a format file cannot be read
     */
    public static Judge open(Path modelFile, JudgeOptions options) throws ModelLoadException {
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(options, "options");
        return new Judge(options, JudgeSetup.open(modelFile, options));
    }

    // ------------------------------------------------------------------ absolute

    /** Grades one response; blocks until done. */
    public Judgment grade(AbsoluteRequest request) throws JudgeException {
        return JudgeFutures.await(gradeAsync(request));
    }

    /**
     * Grades one response asynchronously. The future fails with a {@link JudgeException} (such as
     * {@link InputTooLongException}) when the request cannot be judged.
     *
     * @throws IllegalStateException when the judge is closed
     */
    public CompletableFuture<Judgment> gradeAsync(AbsoluteRequest request) {
        Objects.requireNonNull(request, "request");
        long start = System.nanoTime();
        return guard.submit(() -> calls.grade(calls.absolutePrompt(request), start));
    }

    /** Grades a prepared prompt exactly as {@link #gradeAsync} grades a request's: the seam for splicing token ids. */
    CompletableFuture<Judgment> gradeAsync(PreparedPrompt prompt) {
        long start = System.nanoTime();
        return guard.submit(() -> calls.grade(prompt, start));
    }

    /** Grades all requests concurrently; results in request order. Stops at the first failure. */
    public List<Judgment> gradeAll(List<AbsoluteRequest> requests) throws JudgeException {
        return JudgeFutures.awaitAll(requests.stream().map(this::gradeAsync).toList());
    }

    /**
     * The prompt and token ids the engine runs for this request, after elision when the long-input
     * policy elides; nothing is generated. To audit what the judge reads, or to count its tokens.
     *
     * @throws InputTooLongException when the prompt cannot be made to fit the context
     * @throws IllegalStateException when the judge is closed
     */
    public JudgePrompt prompt(AbsoluteRequest request) throws InputTooLongException {
        return shown(preparedPrompt(request));
    }

    /** The prompt as the engine takes it, rendered segments and answer included (for tests of this package). */
    PreparedPrompt preparedPrompt(AbsoluteRequest request) throws InputTooLongException {
        Objects.requireNonNull(request, "request");
        return guard.whileOpen(() -> calls.absolutePrompt(request));
    }

    private static JudgePrompt shown(PreparedPrompt p) {
        return new JudgePrompt(p.prompt().text(), p.tokens(), p.elided(), p.answerTokens());
    }

    /**
     * The number of prompt tokens the engine will see for this request (after elision when the
     * long-input policy elides; the whole prompt's when it does not fit). Does not generate anything.
     *
     * @throws IllegalStateException when the judge is closed
     */
    public int promptTokens(AbsoluteRequest request) {
        Objects.requireNonNull(request, "request");
        return guard.whileOpen(() -> {
            try {
                return calls.absolutePrompt(request).length();
            } catch (InputTooLongException e) {
                return e.promptTokens();
            }
        });
    }

    // ------------------------------------------------------------------ pairwise

    /** Compares two responses; blocks until done. */
    public PairwiseJudgment compare(PairwiseRequest request) throws JudgeException {
        return JudgeFutures.await(compareAsync(request));
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
        return guard.submit(() -> calls.compare(request, start));
    }

    /** Compares all pairs concurrently; results in request order. Stops at the first failure. */
    public List<PairwiseJudgment> compareAll(List<PairwiseRequest> requests) throws JudgeException {
        return JudgeFutures.awaitAll(requests.stream().map(this::compareAsync).toList());
    }

    /**
     * The prompt of the comparison in the request's order (the reversed order's is
     * {@code prompt(request.swapped())}), as {@link #prompt(AbsoluteRequest)}.
     *
     * @throws InputTooLongException when the prompt cannot be made to fit the context
     * @throws IllegalStateException when the judge is closed
     */
    public JudgePrompt prompt(PairwiseRequest request) throws InputTooLongException {
        Objects.requireNonNull(request, "request");
        return shown(guard.whileOpen(() -> calls.pairwisePrompt(request)));
    }

    // ------------------------------------------------------------------ steps

    /** Finds the earliest wrong step of a solution; blocks until done. */
    public StepJudgment judgeSteps(StepRequest request) throws JudgeException {
        return JudgeFutures.await(judgeStepsAsync(request));
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
        return guard.submit(() -> calls.judgeSteps(request, start));
    }

    // ------------------------------------------------------------------ accessors and lifecycle

    /**
     * The provenance every judgment of {@code task} by this judge carries, known before any is
     * made: to check, say, that an output file being resumed was written by the same judge.
     *
     * @throws UnsupportedOperationException when this judge's format for the task cannot judge it
     */
    public Provenance provenance(JudgeTask task) {
        return calls.provenance(Objects.requireNonNull(task, "task"));
    }

    /** The judge model's identity (SHA-256 computed once at open). */
    public ModelProvenance model() {
        return setup.provenance();
    }

    public JudgeOptions options() {
        return options;
    }

    /** The engine settings in use: the options' own, the automatic ones resolved for this machine. */
    public EngineSettings engineSettings() {
        return setup.settings();
    }

    /** The id of the format used for grading and comparing (as in {@link Provenance#formatId()}). */
    public String formatId() {
        return setup.recipe().format().id();
    }

    /** The id of the chat template used for grading and comparing (as in {@link Provenance#chatTemplate()}). */
    public String chatTemplateId() {
        return setup.recipe().template().id();
    }

    /** Engine counters since open (still readable after close). */
    public EngineMetrics metrics() {
        return setup.engine().metrics();
    }

    /**
     * What the engine holds now: requests in flight and KV cells, for leak checks (after close,
     * its last state: idle).
     */
    public EngineOccupancy occupancy() {
        return setup.engine().occupancy();
    }

    public boolean isClosed() {
        return guard.isClosed();
    }

    /**
     * Stops accepting calls, lets admitted requests finish, fails queued ones, then frees the
     * engine and the model. Idempotent; blocks until the admitted requests are done.
     */
    @Override
    public void close() {
        guard.close(setup::close);
    }
}
