package dev.gavel.judge;

import dev.gavel.AbsoluteRequest;
import dev.gavel.Judgment;
import dev.gavel.Rubric;
import dev.gavel.gguf.GgmlType;
import dev.gavel.gguf.GgufValidator;
import dev.gavel.gguf.ModelInfo;
import dev.gavel.gguf.ModelShape;
import dev.gavel.gguf.ModelSynthesizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled llama.cpp runs architectures b4916 could not: a synthesized Qwen3-shape model (its
 * per-head query/key norms, a head size that is not embedding / heads) loads and judges.
 */
class Qwen3JudgeTest {

    @Test
    void aQwen3ShapeModelLoadsAndJudges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("qwen3-tiny.gguf");
        ModelSynthesizer.builder(ModelShape.QWEN3_TINY).weightType(GgmlType.Q8_0).seed(5).build().write(file);
        ModelInfo info = GgufValidator.validate(file);
        assertEquals("qwen3", info.architecture());
        assertEquals(ModelShape.QWEN3_TINY.headDim(), info.attentionHeadSize(), "the key length, not embedding / heads");
        assertTrue(info.attentionHeadSize() != info.embeddingLength() / info.headCount(), "the shape tells the two apart");
        Rubric rubric = Rubric.of("Is the answer correct?", "Wrong.", "Mostly wrong.", "Partly right.", "Mostly right.", "Right.");
        JudgeOptions options = JudgeOptions.builder().chatTemplate("chatml").feedbackTokens(8).parallel(2)
                .contextSize(1024).build();
        try (Judge judge = Judge.open(file, options)) {
            Judgment j = judge.grade(new AbsoluteRequest("What is 2 + 2?", "4", rubric));
            assertTrue(j.score() >= 1 && j.score() <= 5, "score " + j.score());
            double sum = 0;
            for (double p : j.distribution().normalized()) {
                sum += p;
            }
            assertEquals(1.0, sum, 1e-6, "a distribution over the five scores");
            assertEquals("qwen3", j.provenance().architecture());
        }
    }
}
