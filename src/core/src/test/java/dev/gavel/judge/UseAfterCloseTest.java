package dev.gavel.judge;

import dev.gavel.engine.ConstraintSpec;
import dev.gavel.engine.Engine;
import dev.gavel.engine.EngineClosedException;
import dev.gavel.engine.EngineOptions;
import dev.gavel.engine.GenerationRequest;
import dev.gavel.engine.GenerationSpec;
import dev.gavel.engine.SamplingParams;
import dev.gavel.llama.Batch;
import dev.gavel.llama.ContextOptions;
import dev.gavel.llama.GrammarSampler;
import dev.gavel.llama.LlamaContext;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.llama.Vocabulary;
import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;
import dev.gavel.tokenize.HfTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public type that owns something closeable: after {@code close()} (twice, so the second is
 * a no-op that frees nothing again) its operations throw {@link IllegalStateException}, never
 * reach freed native memory. (The batch output writer, in the command module, has its own test.)
 */
class UseAfterCloseTest {
    @Test
    void judgeAndEngine() throws Exception {
        Path model = TestModels.tinyByteLevel();
        Judge judge = Judge.open(model, JudgeOptions.builder().chatTemplate("chatml").feedbackTokens(2).parallel(2)
                .contextSize(512).build());
        judge.close();
        assertDoesNotThrow(judge::close);
        JudgeRaceTest.assertAllEntryPointsRefuse(judge);
        assertTrue(judge.occupancy().isIdle());

        try (LlamaModel m = LlamaModel.load(model, ModelOptions.defaults())) {
            Engine engine = new Engine(m, EngineOptions.builder().parallel(1).contextSize(256).threads(1).build());
            engine.close();
            assertDoesNotThrow(engine::close);
            assertThrows(EngineClosedException.class, () -> engine.submit(new GenerationRequest(new int[] {1, 2},
                    new GenerationSpec(2, SamplingParams.greedy(), List.of(), new ConstraintSpec.Unconstrained()))));
        }
    }

    @Test
    void nativeBindingTypes() throws Exception {
        LlamaModel m = LlamaModel.load(TestModels.tinyByteLevel(), ModelOptions.defaults());
        LlamaContext ctx = m.newContext(ContextOptions.defaults().withContextSize(128));
        Batch batch = ctx.newBatch(8);
        GrammarSampler grammar = GrammarSampler.create(m, "root ::= \"a\"", "root");
        Vocabulary v = m.vocabulary();
        grammar.close();
        assertDoesNotThrow(grammar::close);
        assertThrows(IllegalStateException.class, () -> grammar.apply(new float[v.size()]));
        assertThrows(IllegalStateException.class, () -> grammar.accept(1));
        batch.close();
        assertDoesNotThrow(batch::close);
        assertThrows(IllegalStateException.class, () -> batch.add(1, 0, 0, true));
        assertThrows(IllegalStateException.class, batch::clear);
        m.close(); // closes its context first
        assertDoesNotThrow(m::close);
        assertTrue(ctx.isClosed());
        assertDoesNotThrow(ctx::close);
        assertThrows(IllegalStateException.class, () -> ctx.kvMaxPosition(0));
        assertThrows(IllegalStateException.class, () -> ctx.kvRemove(0, -1, -1));
        assertThrows(IllegalStateException.class, () -> ctx.logits(0));
        assertThrows(IllegalStateException.class, () -> v.tokenize("hi"));
        assertThrows(IllegalStateException.class, () -> v.detokenize(new int[] {1}, false, false));
        assertThrows(IllegalStateException.class, m::vocabulary);
        assertThrows(IllegalStateException.class, () -> m.newContext(ContextOptions.defaults()));
        assertThrows(IllegalStateException.class, m::layerCount);
    }

    @Test
    void huggingFaceTokenizer() throws Exception {
        HfTokenizer hf = HfTokenizer.load(SharedFixtures.tokenizer("smollm2-135m/tokenizer.json"));
        hf.close();
        assertDoesNotThrow(hf::close);
        assertThrows(IllegalStateException.class, () -> hf.encode("hi"));
        assertThrows(IllegalStateException.class, () -> hf.encodeUntrusted("hi"));
        assertThrows(IllegalStateException.class, () -> hf.decode(new int[] {1}));
    }
}
