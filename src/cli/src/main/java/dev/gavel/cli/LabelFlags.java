package dev.gavel.cli;

import dev.gavel.data.LabelMeaning;
import dev.gavel.data.LabelledDataset;
import dev.gavel.data.LabelledFields;
import dev.gavel.data.ShownOrder;
import dev.gavel.eval.LabelledPresets;
import dev.gavel.data.DatasetPreset;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code gavel eval}'s flags for labelled datasets: where each part of an item is and what the
 * label means. {@code --preset generic} starts from the generic field names and needs
 * {@code --label-meaning}; the benchmark presets (judgebench, autoj, rewardbench) start from
 * their own, which these flags may rename.
 */
public final class LabelFlags {
    @Option(names = "--label-meaning", paramLabel = "MEANING", description = "What the label says (generic):"
            + " score; ab (A/B/tie); 12 (1/2/0=tie); a>b (A>B/B>A/A=B); chosen-rejected (no label: the"
            + " chosen field is the better response); or the dataset's own FIRST,SECOND[,TIE] values, e.g. 0,1,2.")
    String meaning;

    @Option(names = "--label-field", paramLabel = "NAME", description = "Field of the label (default label).")
    String label;

    @Option(names = "--id-field", paramLabel = "NAME", description = "Field of the item id; records without it"
            + " (or with --id-field '') are numbered from 0 by position (default id).")
    String id;

    @Option(names = "--instruction-field", paramLabel = "NAME", description = "Field of the instruction (default instruction).")
    String instruction;

    @Option(names = "--input-field", paramLabel = "NAME", description = "Field of extra input appended to the"
            + " instruction (default input).")
    String input;

    @Option(names = "--response-field", paramLabel = "NAME", description = "Field of the graded response, score"
            + " labels (default response).")
    String response;

    @Option(names = "--response-a-field", paramLabel = "NAME", description = "Field of the first response (default response_a).")
    String responseA;

    @Option(names = "--response-b-field", paramLabel = "NAME", description = "Field of the second response (default response_b).")
    String responseB;

    @Option(names = "--chosen-field", paramLabel = "NAME", description = "Field of the chosen response (default chosen).")
    String chosen;

    @Option(names = "--rejected-field", paramLabel = "NAME", description = "Field of the rejected response (default rejected).")
    String rejected;

    @Option(names = "--category-field", paramLabel = "NAME", description = "Field of the category agreement is"
            + " broken down by (default category).")
    String category;

    @Option(names = "--order-seed", paramLabel = "N", description = "Seed of the order chosen/rejected pairs are"
            + " shown in; must match the one gavel compare used (default " + ShownOrder.DEFAULT_SEED + ").")
    Long orderSeed;

    @Option(names = "--rubric", paramLabel = "FILE.json", description = "With --model and score labels: the rubric"
            + " the responses are graded on.")
    Path rubric;

    /** Whether any layout flag was given (they do not apply to the presets with their own loaders). */
    boolean anyGiven() {
        return Stream.of(meaning, label, id, instruction, input, response, responseA, responseB, chosen, rejected,
                category, orderSeed, rubric).anyMatch(java.util.Objects::nonNull);
    }

    /**
     * The layout for a labelled preset: its own fields and meaning, with these flags applied.
     *
     * @throws IllegalArgumentException when generic has no --label-meaning, or a value is malformed
     */
    LabelledDataset layout(DatasetPreset preset) {
        LabelledFields f = LabelledPresets.fields(preset);
        LabelMeaning m;
        if (meaning != null) {
            m = LabelMeaning.parse(meaning);
        } else if (preset == DatasetPreset.GENERIC) {
            throw new IllegalArgumentException("--preset generic needs --label-meaning: score, ab (A/B/tie),"
                    + " 12 (1/2/0=tie), a>b (A>B/B>A/A=B), chosen-rejected, or the dataset's own FIRST,SECOND[,TIE]");
        } else {
            m = LabelledPresets.meaning(preset);
        }
        f = new LabelledFields(or(id, f.id()), or(instruction, f.instruction()), or(input, f.input()),
                or(response, f.response()), or(responseA, f.responseA()), or(responseB, f.responseB()),
                or(chosen, f.chosen()), or(rejected, f.rejected()), or(label, f.label()), or(category, f.category()));
        return new LabelledDataset(f, m, orderSeed != null ? orderSeed : ShownOrder.DEFAULT_SEED);
    }

    private static String or(String given, String preset) {
        return given != null ? given : preset;
    }
}
