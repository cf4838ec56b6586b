package dev.gavel.engine;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The decoding policy of one request: which token comes next, when to stop, and what was chosen.
 * Created by the scheduler from an immutable {@link GenerationSpec}; mutable and confined to the
 * engine's loop thread.
 *
 * <p>Protocol, once per step of this sequence:
 * <pre>{@code
 * int[] forced = state.takeForcedTokens();
 * if (forced.length > 0) { feed forced as input (like a prompt chunk); logits = logits after them }
 * int token = state.next(logits);            // feed token as input next step
 * if (state.isFinished()) { report state.text(), state.choices(), state.finishReason() }
 * }</pre>
 * The token returned by {@code next} is also the one that ended the generation, if it did (an
 * end-of-generation token, the last token of a choice or of a stop string); the scheduler need not
 * feed it. {@link #generatedTokens()} counts sampled and forced tokens; {@code maxTokens} bounds it.
 *
 * <p>Per constraint:
 * <ul>
 * <li>Unconstrained and Grammar: ends at an end-of-generation token, a stop string (cut from the
 *     text), or the budget.
 * <li>Choice: every step allows only tokens that keep the output a prefix of an option; ends with
 *     {@link FinishReason#CHOICE_MADE}. {@link #text()} is empty; the chosen option and its surface
 *     text are in {@link #choices()}.
 * <li>FreeTextThenChoice: free text with end-of-generation banned, until the model writes the
 *     marker (possibly across tokens), a stop string appears, or the free-text budget is used; in
 *     the last two cases the marker is forced. Then the choice. {@link #text()} is the free text
 *     without the marker. The free-text budget is lowered where needed so that marker and choice
 *     always fit in {@code maxTokens}. A token that would complete the marker followed by bytes
 *     that cannot start an option is banned in free text, so the output always parses.
 * </ul>
 * Score distributions are read from the raw logits (temperature 1) whatever the sampling settings,
 * and the option is chosen from that distribution: its argmax under greedy decoding, a draw shaped
 * by the sampling settings otherwise ({@link ChoiceScorer}).
 */
public final class DecodingState implements AutoCloseable {

    private enum Phase { PLAIN, GRAMMAR, FREE_TEXT, CHOICE, DONE }

    private static final int[] NONE = new int[0];

    private final GenerationSpec spec;
    private final int vocab;
    private final byte[][] tokenBytes;
    private final boolean[] endOfGeneration;
    private final TokenSampler sampler;
    private final byte[][] stopStrings;
    private final ByteText text = new ByteText();

    private final ChoiceTrie trie;
    private final ChoiceScorer scorer;
    private final ByteText surface;
    private final MarkerGuard guard;
    private final int[] markerTokens;
    private final int freeTextBudget;
    private final TokenFilter filter;
    private final float[] filterScratch;
    private boolean filterClosed;

    private Phase phase;
    private int node = ChoiceTrie.ROOT;
    private int markerState;
    private int freeTokens;
    private boolean markerDue;
    private int generated;
    private FinishReason finishReason;
    private final List<ChoiceResult> choices = new ArrayList<>(1);

    /** For every constraint except {@link ConstraintSpec.Grammar}. */
    public DecodingState(GenerationSpec spec, TokenVocabulary vocabulary, MaskCache cache) {
        this(spec, vocabulary, cache, null);
    }

    /**
     * @param grammars creates the filter of a {@link ConstraintSpec.Grammar}; may be null when the
     *                 spec has no grammar
     */
    public DecodingState(GenerationSpec spec, TokenVocabulary vocabulary, MaskCache cache,
                         TokenFilter.Factory grammars) {
        this.spec = Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(cache, "cache");
        if (cache.vocabulary() != vocabulary) {
            throw new IllegalArgumentException("the mask cache belongs to another vocabulary");
        }
        this.vocab = cache.size();
        this.tokenBytes = cache.tokenBytesTable();
        this.endOfGeneration = cache.endOfGenerationTable();
        this.sampler = new TokenSampler(spec.sampling());
        this.stopStrings = new byte[spec.stopStrings().size()][];
        for (int i = 0; i < stopStrings.length; i++) {
            stopStrings[i] = spec.stopStrings().get(i).getBytes(StandardCharsets.UTF_8);
        }
        ChoiceTrie choiceTrie = null;
        MarkerGuard markerGuard = null;
        int[] forced = NONE;
        int budget = 0;
        TokenFilter tokenFilter = null;
        switch (spec.constraint()) {
            case ConstraintSpec.Unconstrained u -> phase = Phase.PLAIN;
            case ConstraintSpec.Choice c -> {
                choiceTrie = cache.trie(c.options());
                requireBudget(choiceTrie.maxSteps(), "the choice");
                phase = Phase.CHOICE;
            }
            case ConstraintSpec.FreeTextThenChoice f -> {
                choiceTrie = cache.trie(f.options());
                markerGuard = cache.guard(f.markerCore(), f.options());
                forced = markerGuard.markerTokens();
                int reserve = forced.length + choiceTrie.maxSteps();
                requireBudget(reserve, "the marker and the choice");
                budget = Math.min(f.freeTextBudget(), spec.maxTokens() - reserve);
                markerDue = budget == 0;
                phase = Phase.FREE_TEXT;
            }
            case ConstraintSpec.Grammar g -> {
                if (grammars == null) {
                    throw new IllegalArgumentException("a grammar constraint needs a TokenFilter.Factory");
                }
                tokenFilter = Objects.requireNonNull(grammars.create(g), "grammar filter");
                phase = Phase.GRAMMAR;
            }
        }
        this.trie = choiceTrie;
        this.scorer = choiceTrie == null ? null : new ChoiceScorer(choiceTrie, cache);
        this.surface = choiceTrie == null ? null : new ByteText();
        this.guard = markerGuard;
        this.markerTokens = forced;
        this.freeTextBudget = budget;
        this.filter = tokenFilter;
        this.filterScratch = tokenFilter == null ? null : new float[vocab];
    }

    private void requireBudget(int needed, String what) {
        if (spec.maxTokens() < needed) {
            throw new IllegalArgumentException("maxTokens " + spec.maxTokens() + " cannot fit " + what
                    + " (needs up to " + needed + " tokens)");
        }
    }

    /**
     * Tokens to append to the sequence before the next {@link #next} call, without sampling them:
     * the marker once the free text is over. Empty when there are none; each is returned once.
     */
    public int[] takeForcedTokens() {
        if (!markerDue) {
            return NONE;
        }
        markerDue = false;
        phase = Phase.CHOICE;
        node = ChoiceTrie.ROOT;
        generated += markerTokens.length;
        return markerTokens.clone();
    }

    /**
     * Chooses and records the next token from this sequence's logits at its last position:
     * {@code n_vocab} little-endian floats, e.g. llama.cpp's logits row. The segment is only read.
     */
    public int next(MemorySegment logits) {
        if (phase == Phase.DONE) {
            throw new IllegalStateException("generation already finished: " + finishReason);
        }
        if (markerDue) {
            throw new IllegalStateException("forced tokens are pending; call takeForcedTokens() first");
        }
        if (logits.byteSize() < (long) vocab * Float.BYTES) {
            throw new IllegalArgumentException("logits hold " + logits.byteSize() / Float.BYTES
                    + " floats, the vocabulary has " + vocab);
        }
        generated++;
        return switch (phase) {
            case PLAIN -> plainStep(sampler.pickFromVocabulary(logits, vocab, NONE));
            case GRAMMAR -> grammarStep(logits);
            case FREE_TEXT -> freeTextStep(logits);
            case CHOICE -> choiceStep(logits);
            case DONE -> throw new AssertionError();
        };
    }

    /** {@link #next(MemorySegment)} over a heap array, for tests and tools. */
    public int next(float[] logits) {
        return next(MemorySegment.ofArray(logits));
    }

    private int grammarStep(MemorySegment logits) {
        MemorySegment.copy(logits, TokenSampler.LOGIT, 0, filterScratch, 0, vocab);
        filter.apply(filterScratch);
        int token = sampler.pickFromVocabulary(MemorySegment.ofArray(filterScratch), vocab, NONE);
        filter.accept(token);
        return plainStep(token);
    }

    private int plainStep(int token) {
        if (endOfGeneration[token]) {
            finish(FinishReason.EOG);
            return token;
        }
        int before = text.length();
        byte[] b = tokenBytes[token];
        text.append(b, 0, b.length);
        int stop = text.findEndingAfter(stopStrings, before);
        if (stop >= 0) {
            text.truncate(stop);
            finish(FinishReason.STOP_STRING);
        } else if (generated >= spec.maxTokens()) {
            finish(FinishReason.MAX_TOKENS);
        }
        return token;
    }

    private int freeTextStep(MemorySegment logits) {
        int token = sampler.pickFromVocabulary(logits, vocab, guard.banned(markerState));
        freeTokens++;
        byte[] b = tokenBytes[token];
        int markerEnd = guard.matchEnd(markerState, b);
        if (markerEnd >= 0) {
            // The model wrote the marker itself; what follows it in the token starts the choice.
            text.append(b, 0, markerEnd);
            text.truncate(text.length() - guard.markerLength());
            phase = Phase.CHOICE;
            node = trie.walk(ChoiceTrie.ROOT, b, markerEnd, b.length);
            surface.append(b, markerEnd, b.length);
            return token;
        }
        markerState = guard.advance(markerState, b);
        int before = text.length();
        text.append(b, 0, b.length);
        int stop = text.findEndingAfter(stopStrings, before);
        if (stop >= 0) {
            text.truncate(stop);
            markerDue = true;
        } else if (freeTokens >= freeTextBudget) {
            markerDue = true;
        }
        return token;
    }

    private int choiceStep(MemorySegment logits) {
        scorer.observe(node, logits, vocab);
        int token = scorer.pick(node, sampler);
        if (scorer.decidedOption() >= 0) {
            // the distribution settled an option this position cannot lead to; it wins over the path
            choiceMade(scorer.decidedOption());
            return token;
        }
        if (endOfGeneration[token]) {
            choiceMade(trie.terminalOption(node));
            return token;
        }
        byte[] b = tokenBytes[token];
        surface.append(b, 0, b.length);
        node = trie.walk(node, b, 0, b.length);
        if (trie.isLeafTerminal(node)) {
            choiceMade(trie.terminalOption(node));
        }
        return token;
    }

    private void choiceMade(int option) {
        choices.add(new ChoiceResult(trie.options().get(option), surface.decode(true), scorer.distribution()));
        finish(FinishReason.CHOICE_MADE);
    }

    private void finish(FinishReason reason) {
        finishReason = reason;
        phase = Phase.DONE;
        close();
    }

    public boolean isFinished() {
        return phase == Phase.DONE;
    }

    /** Why the generation ended; only once {@link #isFinished()}. */
    public FinishReason finishReason() {
        if (finishReason == null) {
            throw new IllegalStateException("generation not finished");
        }
        return finishReason;
    }

    /**
     * The generated text: for free generation everything before a stop string, for
     * FreeTextThenChoice the feedback without the marker, for a plain choice empty. While running,
     * a character split across tokens is left out until complete.
     */
    public String text() {
        return text.decode(isFinished());
    }

    /** Tokens appended so far, sampled and forced. */
    public int generatedTokens() {
        return generated;
    }

    /** The constrained choices made, in order (at most one with the current constraints). */
    public List<ChoiceResult> choices() {
        return List.copyOf(choices);
    }

    /** Releases the grammar filter, if any; the state stays readable. Idempotent. */
    @Override
    public void close() {
        if (filter != null && !filterClosed) {
            filterClosed = true;
            filter.close();
        }
    }
}
