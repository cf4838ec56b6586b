package dev.gavel.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * jllama (llama.cpp b4916 through its own Java API and server loop), the independent reference
 * that differential tests compare Gavel with. It always runs in a child JVM: Gavel binds another
 * llama.cpp build, and two builds in one process can bind each other's exported symbols.
 *
 * <p>Build a list of operations on one model, {@link #run} them in one child, read the answers.
 */
public final class Jllama {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path model;
    private final int contextSize;
    private final ArrayNode ops = JSON.createArrayNode();

    private Jllama(Path model, int contextSize) {
        this.model = model;
        this.contextSize = contextSize;
    }

    /** Operations on a model loaded by jllama with one slot, 2 threads and no warm-up. */
    public static Jllama on(Path model, int contextSize) {
        return new Jllama(model, contextSize);
    }

    /** Greedy continuation: the text piece of every generated token, in order. Answer: {@link #pieces}. */
    public Jllama greedy(String prompt, int maxTokens) {
        ops.addObject().put("op", "greedy").put("prompt", prompt).put("n", maxTokens);
        return this;
    }

    /** jllama's {@code encode}: no BOS, special-token text parsed. Answer: {@link #ids}. */
    public Jllama encode(String text) {
        ops.addObject().put("op", "encode").put("text", text);
        return this;
    }

    /** A greedy completion as one string. Answer: {@link #text}. */
    public Jllama complete(String prompt, int maxTokens) {
        ops.addObject().put("op", "complete").put("prompt", prompt).put("n", maxTokens);
        return this;
    }

    /** Runs every operation in one child JVM; answers in order. */
    public Answers run() throws IOException, InterruptedException {
        Path job = Files.createTempFile("gavel-jllama", ".json");
        Path out = Files.createTempFile("gavel-jllama", ".out.json");
        Path log = Files.createTempFile("gavel-jllama", ".log");
        try {
            ObjectNode j = JSON.createObjectNode().put("model", model.toString()).put("ctx", contextSize);
            j.set("ops", ops);
            JSON.writeValue(job.toFile(), j);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    JllamaMain.class.getName(), job.toString(), out.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("the jllama child did not finish in 5 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException("the jllama child exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            return new Answers(JSON.readTree(out.toFile()));
        } finally {
            Files.deleteIfExists(job);
            Files.deleteIfExists(out);
            Files.deleteIfExists(log);
        }
    }

    /** The child's answers, one per operation. */
    public record Answers(JsonNode results) {
        public List<String> pieces(int op) {
            List<String> out = new ArrayList<>();
            results.get(op).forEach(n -> out.add(n.asText()));
            return out;
        }

        public int[] ids(int op) {
            JsonNode a = results.get(op);
            int[] ids = new int[a.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = a.get(i).asInt();
            }
            return ids;
        }

        public String text(int op) {
            return results.get(op).asText();
        }
    }
}
