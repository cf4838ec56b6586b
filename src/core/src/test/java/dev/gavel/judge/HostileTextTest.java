package dev.gavel.judge;

import dev.gavel.AbsoluteRequest;
import dev.gavel.InputTooLongException;
import dev.gavel.format.StandardChatTemplate;
import dev.gavel.judge.recipe.PreparedPrompt;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.llama.Vocabulary;
import dev.gavel.testing.HostileTexts.Place;
import dev.gavel.testing.HostileTexts.Text;
import dev.gavel.testing.HostileTexts;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile text at scale: 1,000 generated texts ({@link HostileTexts}) in every untrusted part of a
 * request, through every built-in chat template, on a model whose vocabulary has each template's
 * control tokens as real control tokens. On the token ids: each prompt is exactly the benign
 * prompt with the text's plain tokens in place of a placeholder, no control token is among them,
 * and the prompt holds as many control tokens as the benign one. The same texts go through
 * {@code gavel grade} in the command module's HostileGradeTest.
 */
class HostileTextTest {
    private static final int COUNT = 1000;
    private static final long SEED = 18;
    private static final String PLACEHOLDER = "PLACEHOLDERTEXT";

    private static Path modelFile;
    private static LlamaModel model;
    private static Vocabulary vocabulary;
    private static List<Text> texts;

    @BeforeAll
    static void open() throws Exception {
        modelFile = TestModels.tinyWithChatControlTokens();
        model = LlamaModel.load(modelFile, ModelOptions.defaults());
        vocabulary = model.vocabulary();
        texts = HostileTexts.generate(SEED, COUNT);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    private static int controlCount(int[] ids) {
        return (int) Arrays.stream(ids).filter(vocabulary::isControl).count();
    }

    private static int indexOf(int[] hay, int[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void theTextsCoverEveryKindAndTheVocabularyHasEveryTemplatesControlTokens() {
        assertEquals(COUNT, texts.size());
        Set<String> kinds = Set.of("control", "verdict", "injection", "encoding", "1MB-control", "1MB-text");
        for (String k : kinds) {
            assertTrue(texts.stream().anyMatch(t -> t.kind().equals(k)), k);
        }
        for (Place p : Place.values()) {
            assertTrue(texts.stream().filter(t -> t.place() == p).count() >= 30, p.toString());
        }
        assertTrue(texts.stream().anyMatch(t -> t.text().length() >= HostileTexts.MEGABYTE));
        for (StandardChatTemplate t : StandardChatTemplate.values()) {
            String markup = t.apply(dev.gavel.format.PromptText.template("s"), dev.gavel.format.PromptText.content("u"))
                    .text();
            int[] parsed = vocabulary.tokenize(markup, false, true);
            assertTrue(t == StandardChatTemplate.RAW || controlCount(parsed) > 0, t + " markup has control tokens");
        }
    }

    @Test
    void noControlTokenEverComesFromUntrustedTextInAnyTemplate() throws Exception {
        Map<String, Integer> tooLong = new TreeMap<>();
        int checked = 0;
        for (StandardChatTemplate template : StandardChatTemplate.values()) {
            try (Judge judge = Judge.open(modelFile, JudgeOptions.builder().chatTemplate(template.id())
                    .feedbackTokens(4).parallel(1).contextSize(4096).build())) {
                Map<Place, PreparedPrompt> benign = new HashMap<>();
                for (Place p : Place.values()) {
                    benign.put(p, judge.preparedPrompt(HostileTexts.request(PLACEHOLDER, p)));
                }
                int benignControls = controlCount(benign.get(Place.RESPONSE).tokens());
                int[] placeholder = vocabulary.tokenizeContinuation(PLACEHOLDER, false);
                for (Text t : texts) {
                    AbsoluteRequest request = HostileTexts.request(t);
                    Place place = t.text().isBlank() ? Place.RESPONSE : t.place();
                    String why = template.id() + " #" + t.index() + " " + t.kind() + " in " + place;
                    PreparedPrompt p;
                    try {
                        p = judge.preparedPrompt(request);
                    } catch (InputTooLongException e) {
                        assertTrue(t.kind().startsWith("1MB"), "only the megabyte texts are too long: " + why);
                        assertTrue(e.getMessage().contains("contextSize"), e.getMessage());
                        tooLong.merge(template.id(), 1, Integer::sum);
                        continue;
                    }
                    int[] ids = p.tokens();
                    assertEquals(benignControls, controlCount(ids), () -> "control tokens added by " + why);
                    if (place != Place.RUBRIC) {
                        // Exactly the benign prompt with the text's plain tokens in the placeholder's place.
                        int[] plain = vocabulary.tokenizeContinuation(t.text(), false);
                        for (int id : plain) {
                            assertFalse(vocabulary.isControl(id), () -> "control token in the plain tokens of " + why);
                        }
                        int[] b = benign.get(place).tokens();
                        int at = indexOf(b, placeholder);
                        assertTrue(at > 0, why);
                        assertArrayEquals(HostileTexts.splice(b, at, placeholder.length, plain), ids, why);
                    }
                    checked++;
                }
            }
        }
        System.out.println("hostile text: " + checked + " prompts checked on token ids (" + COUNT + " texts x "
                + StandardChatTemplate.values().length + " templates), too long for the context: " + tooLong);
        assertEquals(StandardChatTemplate.values().length * (COUNT - 2), checked);
    }
}
