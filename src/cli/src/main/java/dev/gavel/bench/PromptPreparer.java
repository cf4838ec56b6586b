package dev.gavel.bench;

import dev.gavel.format.ChatTemplate;
import dev.gavel.format.JudgeConversation;
import dev.gavel.format.JudgeFormat;
import dev.gavel.format.PromptSegment;
import dev.gavel.format.PrometheusFormat;
import dev.gavel.format.RenderedPrompt;
import dev.gavel.format.StandardChatTemplate;
import dev.gavel.llama.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders a workload into prompts with the Prometheus 2 format and the Mistral chat template
 * (the layout Prometheus 2 was trained on, and what the Judge API picks for it), then tokenizes
 * them the way the Judge API does: BOS when the vocabulary adds one, trusted template segments with
 * special-token parsing, untrusted request text without.
 */
public final class PromptPreparer {
    private final JudgeFormat format = new PrometheusFormat();
    private final ChatTemplate template = StandardChatTemplate.MISTRAL;
    private final Vocabulary vocabulary;

    public PromptPreparer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Prompts for every item: full prompts for feedback and samples, marker-terminated ones for score-only. */
    public List<BenchPrompt> prepare(Workload workload, BenchMode mode) {
        List<BenchPrompt> out = new ArrayList<>(workload.items().size());
        for (WorkItem item : workload.items()) {
            JudgeConversation c = item.absolute() != null ? format.absolute(item.absolute()) : format.pairwise(item.pairwise());
            RenderedPrompt r = mode == BenchMode.SCORE_ONLY ? c.renderScoreOnly(template, "") : c.render(template);
            out.add(new BenchPrompt(item.id(), item.group(), encode(r), r.text(), wholeTextTokens(r.text()), r.answer()));
        }
        return out;
    }

    /** Gavel's token ids for a rendered prompt. */
    public int[] encode(RenderedPrompt prompt) {
        int[] out = new int[1024];
        int n = 0;
        if (vocabulary.addsBos() && vocabulary.bos() >= 0) {
            out[n++] = vocabulary.bos();
        }
        for (PromptSegment s : prompt.segments()) {
            int[] ids = vocabulary.tokenize(s.text(), false, s.trusted());
            if (n + ids.length > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
            }
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
        }
        return Arrays.copyOf(out, n);
    }

    /** Token count of the whole text as jllama's server tokenizes it (BOS added, special parsing on). */
    public int wholeTextTokens(String text) {
        return vocabulary.tokenize(text, true, true).length;
    }
}
