package dev.gavel.bench;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of a contender's child JVM: reads its {@link ContenderSpec} (a JSON file named by the
 * only argument) and the prompts, runs the contender, and prints one line
 * {@code GAVEL_BENCH_RESULT <json>} with its {@link ContenderResult}, peak RSS included. Exits
 * explicitly, since jllama leaves a non-daemon native thread behind.
 */
public final class ContenderMain {
    /** Prefix of the result line on the child's standard output. */
    public static final String RESULT_PREFIX = "GAVEL_BENCH_RESULT ";

    private ContenderMain() {
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            ContenderSpec spec = BenchJson.MAPPER.readValue(Files.readString(Path.of(args[0])), ContenderSpec.class);
            List<BenchPrompt> prompts = BenchJson.MAPPER.readValue(Files.readString(Path.of(spec.promptsFile())),
                    new TypeReference<>() { });
            Contender contender = switch (spec.kind()) {
                case GAVEL -> new GavelContender(false);
                case JUDGE -> new JudgeContender();
                case NAIVE -> new GavelContender(true);
                case JLLAMA -> new JllamaContender();
                case REFERENCE -> new PhysicalReference();
            };
            ContenderResult result = contender.run(spec, prompts).withRss(peakRssBytes());
            System.out.println(RESULT_PREFIX + BenchJson.MAPPER.writeValueAsString(result));
            System.out.flush();
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        Runtime.getRuntime().halt(code);
    }

    /** VmHWM from /proc/self/status in bytes, or -1 where there is no such file. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
