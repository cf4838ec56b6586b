package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.testing.ConsoleCapture;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The output stops being writable mid-run, for real: a filesystem that fills up (a small tmpfs,
 * where the machine lets the test mount one) and a file-size limit set by the kernel
 * ({@code ulimit -f}, which any user can set). Either way the run ends with a clear error and the
 * output exit code, the file holds only whole records, and a resume once there is room again
 * leaves exactly one record per item.
 */
class OutputFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Records are ~850 bytes: a 4 KiB filesystem or limit fills after four or five of them. */
    private static final int ITEMS = 10;

    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void aFullFilesystemStopsTheRunCleanlyAndResumeCompletesIt() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("small-fs"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", mnt.toString()) == 0,
                "cannot mount a tmpfs here (not root, or no mount permission); the file-size-limit test covers the rest");
        try {
            Path input = writeInput();
            Path output = mnt.resolve("out.jsonl");
            int rc = GavelCli.execute(args(input, output));
            assertEquals(ExitCodes.OUTPUT, rc, console.stderr());
            assertTrue(console.stderr().contains("No space left on device"), console.stderr());
            assertTrue(console.stderr().contains("--resume"), console.stderr());
            int written = wholeRecordsOnly(output);
            assertTrue(written > 0 && written < ITEMS, "the disk filled mid-run: " + written + " records");
            System.out.println("output faults: tmpfs full after " + written + " of " + ITEMS + " records; resumed");

            assertEquals(0, run("mount", "-o", "remount,size=1m", mnt.toString()), "make room");
            List<String> resume = new ArrayList<>(List.of(args(input, output)));
            resume.add("--resume");
            assertEquals(ExitCodes.OK, GavelCli.execute(resume.toArray(String[]::new)), console.stderr());
            assertExactlyOneRecordPerItem(output);
        } finally {
            run("umount", "-l", mnt.toString());
        }
    }

    /**
     * Where no tmpfs can be mounted (not root), the same fault comes from the kernel's file-size
     * limit in a child JVM; where one can, this runs only with {@code -Dgavel.faults.all=true}, to
     * keep the default suite's time for tests that add coverage.
     */
    @Test
    void aFileSizeLimitStopsTheRunCleanlyAndResumeCompletesIt() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "ulimit -f via bash on Linux");
        Path probe = Files.createDirectories(tmp.resolve("probe"));
        boolean canMount = run("mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", probe.toString()) == 0;
        if (canMount) {
            run("umount", "-l", probe.toString());
        }
        assumeTrue(!canMount || Boolean.getBoolean("gavel.faults.all"), "the full-filesystem test ran instead");
        // The child finds the native library already extracted by this JVM, so it writes only the output.
        try (LlamaModel m = LlamaModel.load(TestModels.tinyByteLevel(), ModelOptions.defaults())) {
            m.vocabulary();
        }
        Path input = writeInput();
        Path output = tmp.resolve("limited.jsonl");
        Child first = child(input, output, false, 4);
        assertEquals(ExitCodes.OUTPUT, first.code, first.output);
        assertTrue(first.output.contains("File too large"), first.output);
        assertTrue(first.output.contains("--resume"), first.output);
        int written = wholeRecordsOnly(output);
        assertTrue(written > 0 && written < ITEMS, "the limit was reached mid-run: " + written + " records");
        System.out.println("output faults: file size limit after " + written + " of " + ITEMS + " records; resumed");

        Child resumed = child(input, output, true, 0);
        assertEquals(ExitCodes.OK, resumed.code, resumed.output);
        assertExactlyOneRecordPerItem(output);
    }

    private String[] args(Path input, Path output) {
        return new String[] {"grade", "--model", TestModels.tinyByteLevel().toString(), "--input", input.toString(),
                "--output", output.toString(), "--chat-template", "chatml", "--mode", "score-only",
                "--parallel", "2", "--threads", "1", "--quiet"};
    }

    private record Child(int code, String output) {
    }

    /** gavel grade in a child JVM under {@code ulimit -f kib} (0: no limit). */
    private Child child(Path input, Path output, boolean resume, int kib) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-cp",
                System.getProperty("java.class.path"), GavelCli.class.getName()));
        cmd.addAll(List.of(args(input, output)));
        if (resume) {
            cmd.add("--resume");
        }
        StringBuilder line = new StringBuilder(kib > 0 ? "ulimit -f " + kib + " && exec" : "exec");
        for (String c : cmd) {
            line.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        // Output through a pipe: pipes are not files, so the limit applies to the output file only.
        Process p = new ProcessBuilder("bash", "-c", line.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Child(p.exitValue(), out);
    }

    private Path writeInput() throws IOException {
        String rubric = Files.readString(Path.of("docs/examples/rubric.json")).replace("\n", " ");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            lines.add("{\"id\":\"item-" + i + "\",\"instruction\":\"What is " + i + " + " + i + "?\",\"response\":\""
                    + (2 * i) + "\",\"rubric\":" + rubric + "}");
        }
        return Files.write(tmp.resolve("items.jsonl"), lines, StandardCharsets.UTF_8);
    }

    /** The file ends with a newline (no half record) and every line is a record; returns how many. */
    private static int wholeRecordsOnly(Path output) throws IOException {
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "a partial record was left: ..."
                + text.substring(Math.max(0, text.length() - 80)));
        int n = 0;
        for (String l : text.split("\n")) {
            if (!l.isEmpty()) {
                JsonNode r = JSON.readTree(l);
                assertTrue(r.has("id") && r.has("score"), l);
                n++;
            }
        }
        return n;
    }

    private static void assertExactlyOneRecordPerItem(Path output) throws IOException {
        Map<String, Integer> perId = new HashMap<>();
        for (String l : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            JsonNode r = JSON.readTree(l);
            assertTrue(r.has("score"), l);
            perId.merge(r.get("id").asText(), 1, Integer::sum);
        }
        assertEquals(ITEMS, perId.size(), perId.toString());
        perId.forEach((id, n) -> assertEquals(1, n, id));
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
