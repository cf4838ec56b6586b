package dev.gavel.llama;

import dev.gavel.engine.GreedyGenerator;
import dev.gavel.reference.Jllama;
import dev.gavel.testing.SharedFixtures;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Greedy continuations through Gavel's binding are token-for-token those of jllama's own server
 * loop on the same file: the binding passes the right structs, batches and positions.
 */
class JllamaDifferentialTest {
    private static final List<String> PROMPTS = List.of(
            "Once upon a time",
            "The little dog",
            "Lily and Tom went to the park. They",
            "One day, a big red ball",
            "Mom said");

    @Test
    void storiesModelMatchesJllama() throws Exception {
        compare(SharedFixtures.model("stories260K.gguf"));
    }

    @Test
    void synthesizedModelMatchesJllama() throws Exception {
        compare(TestModels.tinyWithStoriesVocabulary());
    }

    /** Whether bytes decode as UTF-8 on their own (jllama holds back partial characters). */
    private static boolean isCompleteUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** jllama never flushes a partial UTF-8 character left at the end of a generation. */
    private static byte[] withoutTrailingPartialCharacter(byte[] b) {
        for (int back = 1; back <= Math.min(3, b.length); back++) {
            int lead = b[b.length - back] & 0xff;
            if (lead < 0x80) {
                return b;
            }
            if (lead >= 0xC0) {
                int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
                return need > back ? java.util.Arrays.copyOf(b, b.length - back) : b;
            }
        }
        return b;
    }

    private static void compare(Path file) throws Exception {
        List<List<String>> ours = new ArrayList<>();
        List<String> oursText = new ArrayList<>();
        List<Boolean> selfContained = new ArrayList<>();
        try (LlamaModel model = LlamaModel.load(file, ModelOptions.defaults());
             LlamaContext ctx = model.newContext(ContextOptions.defaults().withContextSize(256).withThreads(2, 2))) {
            GreedyGenerator g = new GreedyGenerator(ctx);
            for (String prompt : PROMPTS) {
                GreedyGenerator.Result r = g.generate(prompt, 64);
                List<String> pieces = new ArrayList<>();
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                boolean valid = true;
                for (int t : r.tokens()) {
                    byte[] b = model.vocabulary().tokenBytes(t);
                    all.writeBytes(b);
                    valid &= isCompleteUtf8(b);
                    pieces.add(new String(b, StandardCharsets.UTF_8));
                }
                ours.add(pieces);
                oursText.add(new String(withoutTrailingPartialCharacter(all.toByteArray()), StandardCharsets.UTF_8));
                selfContained.add(valid);
            }
        }
        try (de.kherud.llama.LlamaModel reference = Jllama.open(file, 256)) {
            for (int i = 0; i < PROMPTS.size(); i++) {
                List<String> theirs = Jllama.greedyPieces(reference, PROMPTS.get(i), 64);
                assertEquals(String.join("", theirs), oursText.get(i), "prompt " + i + ": " + PROMPTS.get(i));
                if (selfContained.get(i)) {
                    // Token for token: jllama streams one chunk per token when every token is whole UTF-8.
                    assertEquals(theirs, ours.get(i), "prompt " + i + ": " + PROMPTS.get(i));
                }
                assertTrue(oursText.get(i).length() > 16, "a real continuation: " + oursText.get(i));
            }
        }
    }
}
