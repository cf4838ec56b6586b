package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.data.DatasetPreset;
import dev.gavel.jobs.InputItem;
import dev.gavel.jobs.ShownPairs;
import dev.gavel.data.PairwiseItem;
import dev.gavel.data.ShownOrder;
import dev.gavel.eval.LabelledPresets;
import dev.gavel.testing.ConsoleCapture;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gavel eval} on labelled datasets: the judgebench, autoj and rewardbench presets with the
 * metrics their authors use, {@code --preset generic} reproducing them from field flags, and the
 * errors a wrong label meaning gets.
 */
class LabelledEvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JUDGEBENCH_AS_GENERIC = List.of("--preset", "generic", "--label-meaning", "a>b",
            "--id-field", "pair_id", "--instruction-field", "question", "--response-a-field", "response_A",
            "--response-b-field", "response_B", "--category-field", "source");

    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private void reset() {
        console.out().reset();
        console.err().reset();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(LabelledEvalCommandTest.class.getResource("/eval/" + name).toURI());
    }

    private JsonNode eval(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("eval"));
        all.addAll(List.of(args));
        all.addAll(List.of("--json", "--resamples", "50"));
        int rc = GavelCli.execute(all.toArray(String[]::new));
        assertEquals(0, rc, console.stderr());
        JsonNode json = JSON.readTree(console.stdout());
        reset();
        return json;
    }

    private static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static String flip(String label) {
        return label.equals("A>B") ? "B" : "A";
    }

    @Test
    void judgeBenchAccuracyOverallAndPerCategoryAndGenericReproducesIt() throws IOException {
        Path data = SharedFixtures.data("judgebench_claude35.jsonl");
        List<JsonNode> pairs = records(data);
        // right on every pair but each fifth
        List<String> lines = new ArrayList<>();
        Map<String, int[]> perCategory = new TreeMap<>(); // category -> {n, correct}
        int correct = 0;
        for (int i = 0; i < pairs.size(); i++) {
            JsonNode p = pairs.get(i);
            String label = p.get("label").asText();
            boolean right = i % 5 != 0;
            String winner = right ? String.valueOf(label.charAt(0)) : flip(label);
            lines.add("{\"id\": \"" + p.get("pair_id").asText() + "\", \"winner\": \"" + winner + "\"}");
            correct += right ? 1 : 0;
            String source = p.get("source").asText();
            String category = source.startsWith("mmlu-pro") ? "knowledge" : source.startsWith("livebench-reasoning")
                    ? "reasoning" : source.startsWith("livebench-math") ? "math" : "coding";
            int[] t = perCategory.computeIfAbsent(category, k -> new int[2]);
            t[0]++;
            t[1] += right ? 1 : 0;
        }
        Path preds = tmp.resolve("jb.jsonl");
        Files.write(preds, lines);

        JsonNode jb = eval("--preset", "judgebench", "--data", data.toString(), "--predictions", preds.toString());
        double expected = (double) correct / pairs.size();
        assertEquals(expected, jb.get("metrics").get("accuracy").get("value").asDouble(), 1e-12);
        assertEquals(Math.round(expected * 10000) / 100.0, jb.get("accuracy").asDouble(), 1e-9);
        assertEquals(270, jb.get("counts").get("matched").asInt());
        JsonNode cats = jb.get("categories").get("values");
        assertEquals(List.of("coding", "knowledge", "math", "reasoning"),
                List.of(cats.get(0).get("category").asText(), cats.get(1).get("category").asText(),
                        cats.get(2).get("category").asText(), cats.get(3).get("category").asText()));
        for (JsonNode c : cats) {
            int[] t = perCategory.get(c.get("category").asText());
            assertEquals(t[0], c.get("count").asInt());
            assertEquals((double) t[1] / t[0], c.get("value").asDouble(), 1e-12, c.toString());
        }

        List<String> generic = new ArrayList<>(JUDGEBENCH_AS_GENERIC);
        generic.addAll(List.of("--data", data.toString(), "--predictions", preds.toString()));
        JsonNode g = eval(generic.toArray(String[]::new));
        assertEquals("generic", g.get("preset").asText());
        assertEquals(jb.get("metrics").get("accuracy").get("value").asDouble(),
                g.get("metrics").get("accuracy").get("value").asDouble(), 1e-12);
        assertEquals(jb.get("accuracy").asDouble(), g.get("accuracy").asDouble(), 1e-12);
    }

    @Test
    void judgeBenchReadsGavelsOwnCompareOutput() throws IOException {
        Path data = SharedFixtures.data("judgebench_claude35.jsonl");
        List<JsonNode> pairs = records(data);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            JsonNode p = pairs.get(i);
            // the shape gavel compare writes (abridged): the combined winner plus per-order blocks
            lines.add("{\"id\":\"" + p.get("pair_id").asText() + "\",\"winner\":\"A\",\"probability_a\":0.61,"
                    + "\"consistent\":true,\"feedback\":\"\",\"forward\":{\"winner\":\"A\",\"probability_a\":0.6},"
                    + "\"reversed\":{\"winner\":\"A\",\"probability_a\":0.62},\"model_sha256\":\"00\"}");
        }
        Path preds = tmp.resolve("cmp.jsonl");
        Files.write(preds, lines);
        JsonNode jb = eval("--preset", "judgebench", "--data", data.toString(), "--predictions", preds.toString());
        long aWins = pairs.subList(0, 10).stream().filter(p -> p.get("label").asText().equals("A>B")).count();
        assertEquals(aWins / 10.0, jb.get("metrics").get("accuracy").get("value").asDouble(), 1e-12);
        assertEquals(10, jb.get("counts").get("matched").asInt());
        assertEquals(260, jb.get("counts").get("missing").asInt());
    }

    @Test
    void judgeBenchWithBothOrdersCreditsOnlyAPositiveVote() throws IOException {
        Path data = tmp.resolve("jb-small.jsonl");
        Files.write(data, List.of(
                "{\"pair_id\":\"p1\",\"source\":\"mmlu-pro-law\",\"question\":\"q1\",\"response_A\":\"a\",\"response_B\":\"b\",\"label\":\"A>B\"}",
                "{\"pair_id\":\"p2\",\"source\":\"livebench-math\",\"question\":\"q2\",\"response_A\":\"a\",\"response_B\":\"b\",\"label\":\"B>A\"}",
                "{\"pair_id\":\"p3\",\"source\":\"livecodebench\",\"question\":\"q3\",\"response_A\":\"a\",\"response_B\":\"b\",\"label\":\"A>B\"}"));
        Path preds = tmp.resolve("both.jsonl");
        Files.write(preds, List.of(
                // p1: right in both orders (+2): correct
                "{\"id\":\"p1\",\"winner\":\"A\"}", "{\"id\":\"p1\",\"winner\":\"A\",\"swapped\":true}",
                // p2: right, then wrong (0): not correct, although the first order was right
                "{\"id\":\"p2\",\"winner\":\"B\"}", "{\"id\":\"p2\",\"winner\":\"A\",\"swapped\":true}",
                // p3: right, then a tie (+1): correct
                "{\"id\":\"p3\",\"winner\":\"A\"}", "{\"id\":\"p3\",\"winner\":\"tie\",\"swapped\":true}"));
        JsonNode jb = eval("--preset", "judgebench", "--data", data.toString(), "--predictions", preds.toString());
        assertEquals(2 / 3.0, jb.get("metrics").get("accuracy").get("value").asDouble(), 1e-12);
        assertEquals(1 / 3.0, jb.get("metrics").get("positional_consistency").get("value").asDouble(), 1e-12);
        assertEquals(3, jb.get("counts").get("both_orders").asInt());
    }

    @Test
    void autoJAgreementWithAndWithoutTiesPerScenarioGroupAndGenericReproducesIt() throws Exception {
        Path data = resource("autoj_pairwise_sample.json");
        // verdicts in Gavel's spelling (1 = response 1, 2 = response 2, 0 = tie), ids = record index;
        // labels are 0, 1, 2, 0, 1, 2, 0, 1 (Auto-J: 0 = response 1, 1 = response 2, 2 = tie)
        int[] original = {1, 1, 0, 2, 2, 1, 1, 2};  // right on 0, 2, 4, 6, 7
        int[] swapped = {1, 2, 1, 2, 2, 1, 2, 2};   // same verdict on 0, 3, 4, 5, 7
        List<String> one = new ArrayList<>(), both = new ArrayList<>();
        for (int i = 0; i < original.length; i++) {
            one.add("{\"id\": \"" + i + "\", \"winner\": " + original[i] + "}");
            both.add(one.getLast());
            both.add("{\"id\": \"" + i + "\", \"winner\": " + swapped[i] + ", \"swapped\": true}");
        }
        Path onePreds = tmp.resolve("autoj-one.jsonl");
        Path bothPreds = tmp.resolve("autoj-both.jsonl");
        Files.write(onePreds, one);
        Files.write(bothPreds, both);

        JsonNode a = eval("--preset", "autoj", "--data", data.toString(), "--predictions", onePreds.toString());
        assertEquals(5 / 8.0, a.get("metrics").get("agreement").get("value").asDouble(), 1e-12);
        // six items have a non-tie label (0, 1, 3, 4, 6, 7); four of them are right
        assertEquals(4 / 6.0, a.get("metrics").get("agreement_without_ties").get("value").asDouble(), 1e-12);
        assertEquals(6, a.get("metrics").get("agreement_without_ties").get("n").asInt());
        assertEquals(2, a.get("counts").get("tie_labels").asInt());
        assertEquals(Map.of("Code", 0.5, "Functional Writing", 1.0, "Summarization", 0.0,
                "General Communication", 0.5, "NLP Tasks", 1.0, "Exam Questions", 1.0), categories(a));
        assertEquals("agreement", a.get("categories").get("metric").asText());

        JsonNode b = eval("--preset", "autoj", "--data", data.toString(), "--predictions", bothPreds.toString());
        // both orders right on 0, 4, 7; the orders agree on 0, 3, 4, 5, 7
        assertEquals(3 / 8.0, b.get("metrics").get("agreement_both_orders").get("value").asDouble(), 1e-12);
        assertEquals(5 / 8.0, b.get("metrics").get("consistency").get("value").asDouble(), 1e-12);
        assertEquals("agreement_both_orders", b.get("categories").get("metric").asText());
        assertEquals(Map.of("Code", 0.5, "Functional Writing", 0.0, "Summarization", 0.0,
                "General Communication", 0.5, "NLP Tasks", 0.0, "Exam Questions", 1.0), categories(b));

        JsonNode g = eval("--preset", "generic", "--label-meaning", "0,1,2", "--id-field", "",
                "--instruction-field", "prompt", "--response-a-field", "response 1", "--response-b-field", "response 2",
                "--category-field", "scenario", "--data", data.toString(), "--predictions", onePreds.toString());
        assertEquals(a.get("metrics").get("agreement").get("value").asDouble(),
                g.get("metrics").get("accuracy").get("value").asDouble(), 1e-12);
    }

    private static Map<String, Double> categories(JsonNode report) {
        Map<String, Double> out = new TreeMap<>();
        for (JsonNode c : report.get("categories").get("values")) {
            out.put(c.get("category").asText(), c.get("value").asDouble());
        }
        return out;
    }

    @Test
    void rewardBenchAccuracyPerSubsetAndTheSectionWeightedScore() throws Exception {
        Path data = resource("rewardbench_sample.jsonl");
        Path preds = tmp.resolve("rb.jsonl");
        // order-free verdicts: which of chosen and rejected the judge preferred
        String[] verdicts = {"chosen", "rejected", "chosen", "tie", "chosen", "chosen", "rejected", "chosen", "rejected", "chosen"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < verdicts.length; i++) {
            lines.add("{\"id\": \"rb-" + (i + 1) + "\", \"winner\": \"" + verdicts[i] + "\"}");
        }
        Files.write(preds, lines);
        JsonNode r = eval("--preset", "rewardbench", "--data", data.toString(), "--predictions", preds.toString());

        // subsets: alpacaeval-easy 1/2, mt-bench-med 1, mt-bench-hard 0.5 (a tie), llmbar-natural 1,
        // refusals-dangerous 1, xstest-should-respond 0, math-prm 1, hep-python 0, anthropic_helpful 1
        double chat = (0.5 * 100 + 1.0 * 40) / (100 + 40);
        double chatHard = (0.5 * 37 + 1.0 * 100) / (37 + 100);
        double safety = (1.0 * 100 + 0.0 * 154) / (100 + 154);
        double reasoning = (1.0 * 984 + 0.0 * 164) / (984 + 164);
        JsonNode m = r.get("metrics");
        assertEquals(chat, m.get("chat").get("value").asDouble(), 1e-12);
        assertEquals(chatHard, m.get("chat_hard").get("value").asDouble(), 1e-12);
        assertEquals(safety, m.get("safety").get("value").asDouble(), 1e-12);
        assertEquals(reasoning, m.get("reasoning").get("value").asDouble(), 1e-12);
        assertEquals((chat + chatHard + safety + reasoning) / 4, m.get("score").get("value").asDouble(), 1e-12);
        assertEquals(6.5 / 10, m.get("accuracy").get("value").asDouble(), 1e-12);
        assertEquals(4, r.get("counts").get("sections").asInt());
        Map<String, Double> subsets = categories(r);
        assertEquals(0.5, subsets.get("alpacaeval-easy"));
        assertEquals(0.5, subsets.get("mt-bench-hard"));
        assertEquals(1.0, subsets.get("anthropic_helpful"));
        assertEquals(9, subsets.size());
    }

    @Test
    void compareOutputKeepsTheShownOrderSoEvalScoresItUnderAnySeed() throws Exception {
        Path data = resource("rewardbench_sample.jsonl");
        // what compare --preset rewardbench --order-seed 7 shows, and a judge that always prefers chosen
        List<InputItem<ShownPairs.ShownPair>> shown = ShownPairs.read(data, DatasetPreset.REWARDBENCH.fields(),
                "chosen", "rejected", null, 7);
        List<String> lines = new ArrayList<>();
        int chosenSecond = 0;
        for (InputItem<ShownPairs.ShownPair> item : shown) {
            boolean first = item.request().chosenFirst();
            assertEquals(ShownOrder.chosenFirst(7, item.id()), first);
            chosenSecond += first ? 0 : 1;
            String pos = first ? "A" : "B";
            lines.add("{\"id\":\"" + item.id() + "\",\"winner\":\"" + pos + "\",\"chosen\":\"" + pos + "\"}");
        }
        assertTrue(chosenSecond > 0 && chosenSecond < shown.size(), "the order should vary: " + chosenSecond);
        Path preds = tmp.resolve("cmp-seed7.jsonl");
        Files.write(preds, lines);
        // evaluated under the default seed 42: the records' "chosen" puts every verdict right
        JsonNode r = eval("--preset", "rewardbench", "--data", data.toString(), "--predictions", preds.toString());
        assertEquals(1.0, r.get("metrics").get("accuracy").get("value").asDouble(), 1e-12);
    }

    @Test
    void compareThenEvalOnRewardBenchWithARealJudge() throws Exception {
        Path data = resource("rewardbench_sample.jsonl");
        Path output = tmp.resolve("rb-judged.jsonl");
        int rc = GavelCli.execute("compare", "--preset", "rewardbench", "--model",
                SharedFixtures.model("stories260K.gguf").toString(), "--input", data.toString(), "--output",
                output.toString(), "--chat-template", "chatml", "--mode", "score-only", "--one-order",
                "--parallel", "2", "--context", "4096", "--quiet");
        assertEquals(ExitCodes.OK, rc, console.stderr());
        List<JsonNode> judged = records(output);
        assertEquals(10, judged.size());
        double credit = 0;
        for (JsonNode j : judged) {
            String chosen = j.get("chosen").asText();
            assertEquals(ShownOrder.chosenFirst(ShownOrder.DEFAULT_SEED, j.get("id").asText()) ? "A" : "B", chosen);
            String winner = j.get("winner").asText();
            credit += winner.equals(chosen) ? 1 : winner.equals("tie") ? 0.5 : 0;
        }
        reset();
        JsonNode r = eval("--preset", "rewardbench", "--data", data.toString(), "--predictions", output.toString());
        assertEquals(10, r.get("counts").get("matched").asInt());
        assertEquals(credit / 10, r.get("metrics").get("accuracy").get("value").asDouble(), 1e-12);
    }

    @Test
    void compareReadsTheBenchmarkFilesAsTheEvalPresetsName() throws Exception {
        for (var c : List.of(
                Map.entry(DatasetPreset.JUDGEBENCH, SharedFixtures.data("judgebench_claude35.jsonl")),
                Map.entry(DatasetPreset.AUTOJ, resource("autoj_pairwise_sample.json")))) {
            List<InputItem<dev.gavel.PairwiseRequest>> judged = new dev.gavel.jobs.InputReader(c.getKey().fields())
                    .pairwise(c.getValue(), null);
            DatasetPreset evalPreset = DatasetPreset.valueOf(c.getKey().name());
            List<PairwiseItem> items = dev.gavel.data.Parsed.values(LabelledPresets.layout(evalPreset).pairwise(c.getValue()));
            assertEquals(items.size(), judged.size(), c.getKey().id());
            for (int i = 0; i < items.size(); i++) {
                assertEquals(items.get(i).id(), judged.get(i).id(), c.getKey().id() + " item " + i);
                assertEquals(items.get(i).instruction(), judged.get(i).request().instruction());
                assertEquals(items.get(i).responseA(), judged.get(i).request().responseA());
                assertEquals(items.get(i).responseB(), judged.get(i).request().responseB());
            }
        }
        // rewardbench: the pair compare shows is the eval item, chosen where the item's label says
        Path rb = resource("rewardbench_sample.jsonl");
        List<InputItem<ShownPairs.ShownPair>> shown = ShownPairs.read(rb, DatasetPreset.REWARDBENCH.fields(),
                "chosen", "rejected", null, ShownOrder.DEFAULT_SEED);
        List<PairwiseItem> items = dev.gavel.data.Parsed.values(LabelledPresets.layout(DatasetPreset.REWARDBENCH).pairwise(rb));
        for (int i = 0; i < items.size(); i++) {
            assertEquals(items.get(i).id(), shown.get(i).id());
            assertEquals(items.get(i).responseA(), shown.get(i).request().request().responseA());
            assertEquals(items.get(i).label() == PairwiseItem.A_WINS, shown.get(i).request().chosenFirst());
        }
    }

    @Test
    void aLabelTheMeaningDoesNotDefineStopsTheEvaluationNamingTheLineAndTheAcceptedValues() throws IOException {
        Path data = tmp.resolve("labels.jsonl");
        Files.write(data, List.of(
                "{\"id\":\"1\",\"instruction\":\"q\",\"response_a\":\"a\",\"response_b\":\"b\",\"label\":\"A\"}",
                "{\"id\":\"2\",\"instruction\":\"q\",\"response_a\":\"a\",\"response_b\":\"b\",\"label\":\"B\"}",
                "{\"id\":\"3\",\"instruction\":\"q\",\"response_a\":\"a\",\"response_b\":\"b\",\"label\":\"A>B\"}"));
        Path preds = tmp.resolve("p.jsonl");
        Files.write(preds, List.of("{\"id\":\"1\",\"winner\":\"A\"}"));
        int rc = GavelCli.execute("eval", "--preset", "generic", "--label-meaning", "ab", "--data", data.toString(),
                "--predictions", preds.toString());
        assertEquals(EvalCommand.INPUT_PROBLEM, rc);
        String err = console.stderr();
        assertTrue(err.contains("line 3"), err);
        assertTrue(err.contains("\"A>B\""), err);
        assertTrue(err.contains("\"A\" (first response better), \"B\" (second response better), \"tie\" (tie)"), err);

        reset();
        // JudgeBench read as 1/2/0 labels: refused at its first record
        rc = GavelCli.execute("eval", "--preset", "judgebench", "--label-meaning", "12", "--data",
                SharedFixtures.data("judgebench_claude35.jsonl").toString(), "--predictions", preds.toString());
        assertEquals(EvalCommand.INPUT_PROBLEM, rc);
        assertTrue(console.stderr().contains("line 1"), console.stderr());
        assertTrue(console.stderr().contains("\"1\" (first response better)"), console.stderr());
    }

    @Test
    void usageErrorsSayWhatIsMissing() throws IOException {
        Path data = tmp.resolve("d.jsonl");
        Files.write(data, List.of("{\"id\":\"1\",\"instruction\":\"q\",\"response\":\"r\",\"label\":3}"));
        Path preds = tmp.resolve("p.jsonl");
        Files.write(preds, List.of("{\"id\":\"1\",\"score\":3}"));
        assertEquals(2, GavelCli.execute("eval", "--preset", "generic", "--data", data.toString(),
                "--predictions", preds.toString()));
        assertTrue(console.stderr().contains("--label-meaning"), console.stderr());
        reset();
        assertEquals(2, GavelCli.execute("eval", "--preset", "generic", "--label-meaning", "A;B", "--data",
                data.toString(), "--predictions", preds.toString()));
        assertTrue(console.stderr().contains("unknown --label-meaning 'A;B'"), console.stderr());
        reset();
        assertEquals(2, GavelCli.execute("eval", "--preset", "pandalm", "--label-field", "x", "--data",
                data.toString(), "--predictions", preds.toString()));
        assertTrue(console.stderr().contains("has its own loader"), console.stderr());
    }

    @Test
    void genericScoreLabelsGetCorrelations() throws IOException {
        Path data = tmp.resolve("scores.jsonl");
        Path preds = tmp.resolve("s.jsonl");
        List<String> d = new ArrayList<>(), p = new ArrayList<>();
        double[] ref = {1, 2, 3, 4, 5, 3};
        for (int i = 0; i < ref.length; i++) {
            d.add("{\"q\":\"question " + i + "\",\"answer\":\"a\",\"human\":" + ref[i] + "}");
            p.add("{\"id\":\"" + i + "\",\"score\":" + (ref[i] + 1) + "}");
        }
        Files.write(data, d);
        Files.write(preds, p);
        JsonNode r = eval("--preset", "generic", "--label-meaning", "score", "--label-field", "human",
                "--instruction-field", "q", "--response-field", "answer", "--data", data.toString(),
                "--predictions", preds.toString());
        assertEquals(1.0, r.get("metrics").get("pearson").get("value").asDouble(), 1e-12);
        assertEquals(6, r.get("counts").get("matched").asInt());
    }
}
