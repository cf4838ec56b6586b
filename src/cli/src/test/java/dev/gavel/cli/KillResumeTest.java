package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The resume guarantee for real: a child JVM runs {@code gavel grade} on a synthesized model and
 * is killed with SIGKILL ({@link Process#destroyForcibly()}) at random moments, during model load
 * and mid-run; each restart uses --resume. At the end every input id has exactly one record and
 * every line is a complete JSON object.
 */
class KillResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ITEMS = 30;

    @TempDir
    Path tmp;

    @Test
    void killMinus9AtRandomMomentsThenResumeLeavesExactlyOneRecordPerId() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String why = "seed " + seed;
        Path input = writeInput();
        Path output = tmp.resolve("out.jsonl");
        Path model = TestModels.tinyByteLevel();

        int kills = 0;
        for (int round = 0; round < 5; round++) {
            Process p = start(model, input, output, round > 0);
            int linesBefore = lines(output);
            if (round == 0) {
                Thread.sleep(200 + random.nextInt(800)); // very likely during JVM start or model load
            } else {
                int target = Math.min(ITEMS - 1, linesBefore + 1 + random.nextInt(6));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lines(output) < target && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(40)); // land anywhere, including inside a write
            }
            if (!p.isAlive()) {
                break; // finished before we could kill it
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), why);
            kills++;
            assertCompleteLinesParse(output, why);
            if (round == 2) {
                // What a kill inside a write leaves behind, made certain once.
                Files.writeString(output, "{\"id\":\"item-7\",\"score\":4,\"distrib", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        }
        assertTrue(kills >= 2, "the run should have been killed several times; " + why);

        Process last = start(model, input, output, Files.exists(output));
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), why);
        String log = Files.readString(log(output));
        assertEquals(0, last.exitValue(), why + "\n" + log);

        Map<String, Integer> perId = new HashMap<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            JsonNode r = parse(line, why);
            assertTrue(r.has("score"), "no error records expected: " + line);
            perId.merge(r.get("id").asText(), 1, Integer::sum);
        }
        Set<String> expected = new LinkedHashSet<>();
        for (int i = 0; i < ITEMS; i++) {
            expected.add("item-" + i);
        }
        assertEquals(expected, perId.keySet(), why);
        perId.forEach((id, n) -> assertEquals(1, n, "records for " + id + "; " + why));
    }

    @Test
    void sigtermKeepsFinishedRecordsAndSaysHowToContinue() throws Exception {
        Path input = writeInput();
        Path output = tmp.resolve("term.jsonl");
        Process p = start(TestModels.tinyByteLevel(), input, output, false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(output) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "still running after 3 records");
        p.destroy(); // SIGTERM: shutdown hooks run, as for Ctrl-C
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(log(output));
        assertEquals(143, p.exitValue(), log);
        assertTrue(log.contains("--resume"), log);
        assertCompleteLinesParse(output, log);
        assertTrue(Files.readString(output).endsWith("\n"), "the writer finished its last line");
    }

    private Path writeInput() throws IOException {
        String rubric = Files.readString(Path.of("docs/examples/rubric.json")).replace("\n", " ");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            lines.add("{\"id\":\"item-" + i + "\",\"instruction\":\"What is " + i + " + " + i + "?\",\"response\":\""
                    + (2 * i + (i % 3 == 0 ? 1 : 0)) + "\",\"reference_answer\":\"" + (2 * i) + "\",\"rubric\":"
                    + rubric + "}");
        }
        Path input = tmp.resolve("items.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        return input;
    }

    /** Starts the child JVM; its stdout and stderr go to {@code output + ".log"}. */
    private static Process start(Path model, Path input, Path output, boolean resume) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m",
                "-cp", System.getProperty("java.class.path"), GavelCli.class.getName(), "grade",
                "--model", model.toString(), "--input", input.toString(), "--output", output.toString(),
                "--chat-template", "chatml", "--feedback-tokens", "8", "--parallel", "2", "--threads", "1",
                "--quiet"));
        if (resume) {
            cmd.add("--resume");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(output).toFile())).start();
    }

    private static Path log(Path output) {
        return output.resolveSibling(output.getFileName() + ".log");
    }

    /** Complete (newline-terminated) lines of the output so far. */
    private static int lines(Path output) throws IOException {
        if (!Files.exists(output)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(output);
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Every newline-terminated line is a JSON object; only the last line may be cut off. */
    private static void assertCompleteLinesParse(Path output, String why) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return;
        }
        for (String line : text.substring(0, end).split("\n")) {
            parse(line, why);
        }
    }

    private static JsonNode parse(String line, String why) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) {
                fail("not a JSON object: " + line + "; " + why);
            }
            return n;
        } catch (IOException e) {
            return fail("corrupt line: " + line + "; " + why);
        }
    }
}
