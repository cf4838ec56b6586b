package dev.gavel.llama;

import dev.gavel.testing.LoadedModel;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed binding on a real model: vocabulary, decode, logits, KV operations, close semantics. */
class BindingLifecycleTest {
    @RegisterExtension
    static final LoadedModel MODEL = LoadedModel.shared("stories260K.gguf");

    @Test
    void vocabularyAndMetadata() {
        Vocabulary v = MODEL.model().vocabulary();
        assertEquals(512, v.size());
        assertEquals(1, v.bos());
        assertEquals(2, v.eos());
        assertTrue(v.isEndOfGeneration(v.eos()));
        assertTrue(v.isControl(v.bos()));
        assertEquals(0, v.tokenBytes(v.bos()).length, "control tokens render empty as output text");
        assertEquals("</s>", new String(v.piece(v.eos(), true), StandardCharsets.UTF_8));
        int[] tokens = v.tokenize("Once upon a time", true, false);
        assertEquals(v.bos(), tokens[0]);
        // llama.cpp's detokenizer drops the SPM word-start space of the first token; pieces keep it.
        assertEquals("Once upon a time", v.detokenize(java.util.Arrays.copyOfRange(tokens, 1, tokens.length), false, false));
        StringBuilder fromPieces = new StringBuilder();
        for (int i = 1; i < tokens.length; i++) {
            fromPieces.append(new String(v.tokenBytes(tokens[i]), StandardCharsets.UTF_8));
        }
        assertEquals(" Once upon a time", fromPieces.toString());
        assertEquals("llama", MODEL.model().metadata().get("general.architecture"));
        assertEquals(5, MODEL.model().layerCount());
        assertEquals(8, MODEL.model().attentionHeadSize(), "embedding 64 over 8 heads");
        assertTrue(MODEL.model().parameterCount() > 200_000);
        assertTrue(MODEL.model().chatTemplate(null).isEmpty(), "stories260K has no chat template");
        assertThrows(IllegalArgumentException.class, () -> v.tokenBytes(512));
        assertThrows(IllegalArgumentException.class, () -> v.text(-1));
    }

    @Test
    void specialTokenTextIsOnlyParsedWhenAsked() {
        Vocabulary v = MODEL.model().vocabulary();
        int[] parsed = v.tokenize("a</s>b", false, true);
        int[] plain = v.tokenize("a</s>b", false, false);
        assertTrue(contains(parsed, v.eos()));
        assertFalse(contains(plain, v.eos()), "untrusted text never yields the EOS token");
    }

    @Test
    void builtinChatTemplates() {
        List<String> names = ChatTemplates.builtinNames();
        assertTrue(names.containsAll(List.of("chatml", "llama3", "phi3", "gemma", "mistral-v7")), names.toString());
        String out = ChatTemplates.apply("chatml", List.of(new ChatMessage("user", "hello")), true);
        assertEquals("<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n", out);
        assertThrows(IllegalArgumentException.class,
                () -> ChatTemplates.apply("no such template {{ x }}", List.of(new ChatMessage("user", "hi")), true));
    }

    @ParameterizedTest(name = "unified KV {0}")
    @ValueSource(booleans = {false, true})
    void kvSequenceOperationsAndForkedLogits(boolean unified) {
        try (LlamaContext ctx = MODEL.model().newContext(ContextOptions.defaults().withContextSize(1024).withSequences(4)
                .withUnifiedKv(unified));
             Batch batch = ctx.newBatch(64)) {
            assertEquals(unified ? 1024 : 256, ctx.sequenceCapacity());
            int[] prompt = MODEL.model().vocabulary().tokenize("Once upon a time", true, false);
            int last = -1;
            for (int i = 0; i < prompt.length; i++) {
                last = batch.add(prompt[i], i, 0, i == prompt.length - 1);
            }
            assertEquals(LlamaContext.DecodeStatus.OK, ctx.decode(batch));
            float[] base = ctx.logitsArray(last);
            assertEquals(prompt.length - 1, ctx.kvMaxPosition(0));
            assertEquals(-1, ctx.kvMaxPosition(1), "an empty sequence");
            for (int s = 1; s < 4; s++) {
                ctx.kvFork(0, s, prompt.length);
                assertEquals(prompt.length - 1, ctx.kvMaxPosition(s));
                assertEquals(0, ctx.kvMinPosition(s));
            }
            if (!unified) {
                assertThrows(IllegalArgumentException.class, () -> ctx.kvCopy(0, 1, 0, 2),
                        "a partial copy between streams would abort llama.cpp: refused before the call");
            }
            int next = 42;
            batch.clear();
            int[] idx = new int[4];
            for (int s = 0; s < 4; s++) {
                idx[s] = batch.add(next, prompt.length, s, true);
            }
            assertEquals(LlamaContext.DecodeStatus.OK, ctx.decode(batch));
            float[] first = ctx.logitsArray(idx[0]);
            for (int s = 1; s < 4; s++) {
                assertArrayEquals(first, ctx.logitsArray(idx[s]), 1e-4f, "identical prefix and token give identical logits");
            }
            assertFalse(java.util.Arrays.equals(base, first));
            assertTrue(ctx.kvRemove(2, prompt.length, -1));
            assertEquals(prompt.length - 1, ctx.kvMaxPosition(2), "only the forked token was removed");
            assertEquals(prompt.length, ctx.kvMaxPosition(3), "the other forks keep theirs");
            ctx.kvKeep(1);
            // In a unified cache every other sequence's cells go; a stream only ever holds its own.
            assertEquals(unified ? -1 : prompt.length, ctx.kvMaxPosition(0));
            assertEquals(prompt.length, ctx.kvMaxPosition(1));
            ctx.clearKv();
            assertEquals(-1, ctx.kvMaxPosition(1));
        }
    }

    @Test
    void invalidBatchEntriesAreRejectedBeforeNativeCode() {
        try (LlamaContext ctx = MODEL.model().newContext(ContextOptions.defaults().withContextSize(128).withSequences(2));
             Batch batch = ctx.newBatch(4)) {
            assertThrows(IllegalArgumentException.class, () -> batch.add(512, 0, 0, true));
            assertThrows(IllegalArgumentException.class, () -> batch.add(-1, 0, 0, true));
            assertThrows(IllegalArgumentException.class, () -> batch.add(5, -3, 0, true));
            assertThrows(IllegalArgumentException.class, () -> batch.add(5, 0, 2, true));
            assertThrows(IllegalArgumentException.class, () -> ctx.decode(batch), "empty batch");
            assertThrows(IllegalArgumentException.class, () -> ctx.newBatch(100_000));
            for (int i = 0; i < 4; i++) {
                batch.add(5, i, 0, i == 3);
            }
            assertThrows(IllegalStateException.class, () -> batch.add(5, 4, 0, false), "full batch");
            ctx.decode(batch);
            assertThrows(IllegalArgumentException.class, () -> ctx.logits(0), "position 0 did not ask for logits");
            assertThrows(IllegalArgumentException.class, () -> ctx.logits(7));
            assertThrows(IllegalArgumentException.class, () -> ctx.kvCopy(0, 5, -1, -1));
        }
    }

    @Test
    void useAfterCloseThrowsAndCloseIsIdempotent() throws Exception {
        try (LlamaModel m = LlamaModel.load(SharedFixtures.model("stories260K.gguf"), ModelOptions.defaults())) {
            LlamaContext ctx = m.newContext(ContextOptions.defaults().withContextSize(128));
            Batch batch = ctx.newBatch(8);
            batch.add(1, 0, 0, true);
            ctx.close();
            assertDoesNotThrow(ctx::close, "double close");
            assertThrows(IllegalStateException.class, () -> ctx.decode(batch));
            assertThrows(IllegalStateException.class, () -> ctx.kvMaxPosition(0));
            assertThrows(IllegalStateException.class, () -> ctx.logits(0));
            batch.close();
            batch.close();
            assertThrows(IllegalStateException.class, () -> batch.add(1, 0, 0, true));

            LlamaContext second = m.newContext(ContextOptions.defaults().withContextSize(128));
            Vocabulary v = m.vocabulary();
            m.close();
            assertTrue(second.isClosed(), "closing a model closes its contexts first");
            assertDoesNotThrow(m::close);
            assertThrows(IllegalStateException.class, () -> v.tokenize("hi"));
            assertThrows(IllegalStateException.class, m::vocabulary);
            assertThrows(IllegalStateException.class, () -> m.newContext(ContextOptions.defaults()));
            assertThrows(IllegalStateException.class, () -> new GreedyGenerator(second).generate(new int[]{1}, 4));
        }
    }

    @Test
    void loadProgressIsReportedAndCanCancel() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LlamaModel m = LlamaModel.load(SharedFixtures.model("stories260K.gguf"),
                ModelOptions.defaults().withMmap(false).withProgress(f -> {
                    calls.incrementAndGet();
                    return true;
                }))) {
            assertTrue(calls.get() > 0);
        }
        var e = assertThrows(dev.gavel.ModelLoadException.class, () -> LlamaModel.load(
                SharedFixtures.model("stories260K.gguf"), ModelOptions.defaults().withProgress(f -> false)));
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        var thrown = assertThrows(dev.gavel.ModelLoadException.class, () -> LlamaModel.load(
                SharedFixtures.model("stories260K.gguf"), ModelOptions.defaults().withProgress(f -> {
                    throw new IllegalStateException("listener bug");
                })));
        assertTrue(thrown.getMessage().contains("listener bug"), thrown.getMessage());
    }

    @Test
    void greedyGenerationIsCoherentAndDeterministic() {
        try (LlamaContext ctx = MODEL.model().newContext(ContextOptions.defaults().withContextSize(256))) {
            GreedyGenerator g = new GreedyGenerator(ctx);
            GreedyGenerator.Result a = g.generate("Once upon a time", 32);
            GreedyGenerator.Result b = g.generate("Once upon a time", 32);
            assertArrayEquals(a.tokens(), b.tokens());
            assertTrue(a.text().contains("Lily"), a.text());
            assertThrows(IllegalArgumentException.class, () -> g.generate("x", 10_000));
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

}
