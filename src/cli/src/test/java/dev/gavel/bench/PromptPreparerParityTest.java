package dev.gavel.bench;

import dev.gavel.engine.GenerationSpec;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.judge.JudgePrompt;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bench runs the very ids the Judge runs. For Vicuna and LLMBar work items, in the feedback
 * and score-only scenarios, the prepared prompts' tokens and the engine specs' budgets equal
 * what the Judge prepares for the same request on the same model. The model has the real
 * Llama 2 SentencePiece vocabulary, where tokenizing each segment on its own would invent a
 * word-start space at every trust boundary.
 */
class PromptPreparerParityTest {
    static final int FEEDBACK_TOKENS = 32;

    @Test
    void benchPromptsAreTheJudgesPrompts() throws Exception {
        Path model = SharedFixtures.model("llama-2-tiny-random.gguf");
        Path data = SharedFixtures.root().resolve("data/dev");
        List<WorkItem> items = new ArrayList<>(Workloads.load("vicuna", data, 4).items());
        items.addAll(Workloads.load("pairwise", data, 4).items());
        Workload workload = new Workload("mixed", items);
        for (BenchScenario scenario : List.of(BenchScenario.FEEDBACK, BenchScenario.SCORE_ONLY)) {
            ContenderSpec contender = new ContenderSpec(ContenderSpec.Kind.GAVEL, "parity", model.toString(), "unused",
                    scenario, FEEDBACK_TOKENS, 1, 1, 1, false, false, false, false, "mixed", data.toString(), items.size(), 1);
            List<BenchPrompt> prompts;
            List<GenerationSpec> specs = new ArrayList<>();
            try (LlamaModel m = LlamaModel.load(model, ModelOptions.defaults())) {
                prompts = new PromptPreparer(m.vocabulary(), FEEDBACK_TOKENS).prepare(workload, scenario);
                for (BenchPrompt p : prompts) {
                    specs.add(GenerationSpecs.spec(contender, p, m.vocabulary(), 0));
                }
            }
            JudgeOptions options = JudgeOptions.builder().mode(scenario.judgeMode()).feedbackTokens(FEEDBACK_TOKENS)
                    .contextSize(8192).parallel(1).threads(1).build();
            try (Judge judge = Judge.open(model, options)) {
                for (int i = 0; i < items.size(); i++) {
                    WorkItem item = items.get(i);
                    String why = scenario.id() + " " + item.id();
                    JudgePrompt expected = item.absolute() != null ? judge.prompt(item.absolute())
                            : judge.prompt(item.pairwise());
                    assertArrayEquals(expected.tokens(), prompts.get(i).tokens(), why);
                    assertEquals(expected.text(), prompts.get(i).text(), why);
                    assertEquals(expected.answerTokens(), specs.get(i).maxTokens(), why);
                }
            }
        }
    }
}
