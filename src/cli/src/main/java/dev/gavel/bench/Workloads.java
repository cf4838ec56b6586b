package dev.gavel.bench;

import dev.gavel.GavelException;
import dev.gavel.PairwiseRequest;
import dev.gavel.data.HhhPair;
import dev.gavel.data.InstructionText;
import dev.gavel.data.LlmBarDataset;
import dev.gavel.data.PairwiseItem;
import dev.gavel.data.Parsed;
import dev.gavel.data.PrometheusDataset;
import dev.gavel.data.VicunaExample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the benchmark workloads from the shared data directory (the files described in
 * {@code ../shared/data/README.md}):
 * <ul>
 *   <li>{@code vicuna}: Prometheus absolute grading with reference, 80 questions x 4 responses;
 *       the four responses of a question form a group (they share the task description and the
 *       question as a prompt prefix);</li>
 *   <li>{@code hhh}: absolute grading without reference, each pair's chosen then rejected response
 *       (a group);</li>
 *   <li>{@code pairwise}: LLMBar (natural) comparisons, each in both orders (a group).</li>
 * </ul>
 * A limit keeps whole groups in file order and cuts the last one to the exact item count.
 */
public final class Workloads {
    /** The workload names {@link #load} knows. */
    public static final List<String> NAMES = List.of("vicuna", "hhh", "pairwise");

    /** Criterion given to the Prometheus pairwise prompt for LLMBar items (LLMBar's own rules, short). */
    static final String PAIRWISE_CRITERION = "Does the response honestly, precisely and closely execute the "
            + "instruction, being helpful, accurate and harmless, without more or less than it asks for?";

    private Workloads() {
    }

    /**
     * Loads a workload.
     *
     * @param name    one of {@link #NAMES}
     * @param dataDir directory holding the dataset files ({@code ../shared/data/dev})
     * @param limit   most items (whole groups first), or {@code <= 0} for all
     */
    public static Workload load(String name, Path dataDir, int limit) throws IOException, GavelException {
        List<WorkItem> all = switch (name) {
            case "vicuna" -> vicuna(dataDir.resolve("prometheus_vicuna_eval.json"));
            case "hhh" -> hhh(dataDir.resolve("prometheus_hhh_alignment_eval.json"));
            case "pairwise" -> pairwise(dataDir.resolve("llmbar_natural.json"));
            default -> throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + NAMES);
        };
        return new Workload(name, limit > 0 && limit < all.size() ? all.subList(0, limit) : all);
    }

    /** Vicuna records regrouped so the four responses of one question are adjacent (file order of first appearance). */
    static List<WorkItem> vicuna(Path file) throws IOException, GavelException {
        Map<String, List<WorkItem>> groups = new LinkedHashMap<>();
        for (VicunaExample e : PrometheusDataset.loadVicuna(file)) {
            groups.computeIfAbsent(e.questionKey(), k -> new ArrayList<>())
                    .add(WorkItem.absolute(e.id(), e.questionKey(), e.request()));
        }
        List<WorkItem> out = new ArrayList<>();
        groups.values().forEach(out::addAll);
        return out;
    }

    static List<WorkItem> hhh(Path file) throws IOException, GavelException {
        List<WorkItem> out = new ArrayList<>();
        for (HhhPair p : PrometheusDataset.loadHhh(file)) {
            out.add(WorkItem.absolute(p.id() + "-chosen", p.id(), p.chosen()));
            out.add(WorkItem.absolute(p.id() + "-rejected", p.id(), p.rejected()));
        }
        return out;
    }

    static List<WorkItem> pairwise(Path file) throws GavelException {
        List<WorkItem> out = new ArrayList<>();
        for (Parsed<PairwiseItem> parsed : LlmBarDataset.load(file)) {
            if (!(parsed instanceof Parsed.Ok<PairwiseItem> ok)) {
                continue;
            }
            PairwiseItem item = ok.value();
            String instruction = InstructionText.withInput(item.instruction(), item.input());
            PairwiseRequest ab = new PairwiseRequest(instruction, item.responseA(), item.responseB(),
                    PAIRWISE_CRITERION, null);
            out.add(WorkItem.pairwise(item.id() + "-ab", item.id(), ab));
            out.add(WorkItem.pairwise(item.id() + "-ba", item.id(), ab.swapped()));
        }
        return out;
    }
}
