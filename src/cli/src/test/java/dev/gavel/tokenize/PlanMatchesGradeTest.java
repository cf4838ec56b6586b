package dev.gavel.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.AbsoluteRequest;
import dev.gavel.InputTooLongException;
import dev.gavel.JudgeTask;
import dev.gavel.cli.JudgeFlags;
import dev.gavel.cli.PlanCommand;
import dev.gavel.data.DatasetPreset;
import dev.gavel.gguf.HuggingFaceVocabulary;
import dev.gavel.jobs.InputItem;
import dev.gavel.jobs.InputReader;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.judge.JudgePrompt;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gavel plan} counts what {@code grade} runs: with default flags on both, every item's
 * prompt tokens and answer budget in the plan are the ones the Judge, opened as grade opens it,
 * prepares for the same item. The model carries the vocabulary of the plan's tokenizer.json
 * (SmolLM2), on which llama.cpp and Hugging Face agree for these prompts.
 */
class PlanMatchesGradeTest {

    @Test
    void planCountsWhatGradeRunsUnderDefaultFlags() throws Exception {
        Path input = SharedFixtures.data("prometheus_vicuna_eval.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine plan = new CommandLine(new PlanCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        assertEquals(0, plan.execute("--input", input.toString(), "--preset", "prometheus", "--tokenizer",
                SharedFixtures.tokenizer(TokenizerFixtures.SMOLLM2).toString(), "--json"), err.toString());
        JsonNode planned = new ObjectMapper().readTree(out.toString()).get("perItem");

        // grade reads the file with its default preset, and opens the judge with the options of no flags.
        List<InputItem<AbsoluteRequest>> items = new InputReader(DatasetPreset.named("prometheus",
                JudgeTask.ABSOLUTE).fields()).absolute(input, null);
        JudgeOptions gradeDefaults = new JudgeFlags().toBuilder().build();
        Path model = TokenizerFixtures.model(TokenizerFixtures.SMOLLM2, HuggingFaceVocabulary.SMOLLM);
        try (Judge judge = Judge.open(model, gradeDefaults)) {
            assertEquals("mistral", judge.chatTemplateId(), "grade's automatic template for prometheus2");
            int i = 0;
            for (InputItem<AbsoluteRequest> item : items) {
                assertTrue(item.isOk(), item.error());
                JsonNode p = planned.get(i++);
                assertEquals(item.id(), p.get("id").asText());
                int promptTokens;
                int answerTokens;
                try {
                    JudgePrompt prompt = judge.prompt(item.request());
                    promptTokens = prompt.length();
                    answerTokens = prompt.answerTokens();
                } catch (InputTooLongException e) {
                    promptTokens = e.promptTokens();
                    answerTokens = e.budgetTokens();
                }
                assertEquals(promptTokens, p.get("promptTokens").asInt(), "prompt tokens of " + item.id());
                assertEquals(answerTokens, p.get("answerTokens").asInt(), "answer budget of " + item.id());
            }
            assertEquals(planned.size(), i, "the plan has grade's items, no more");
            assertEquals(320, i);
        }
    }
}
