package dev.gavel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one contender in a fresh JVM on the same classpath ({@code java --enable-native-access=ALL-UNNAMED
 * -cp ... dev.gavel.bench.ContenderMain spec.json}), so OpenMP pools and jllama's leftover threads
 * of one contender never disturb the next, and the peak RSS is the contender's own.
 */
final class ChildJvm {
    private final Path workDir;
    private final boolean verbose;

    ChildJvm(Path workDir, boolean verbose) {
        this.workDir = workDir;
        this.verbose = verbose;
    }

    ContenderResult run(ContenderSpec spec) throws IOException, InterruptedException {
        Path specFile = Files.createTempFile(workDir, "spec-", ".json");
        Files.writeString(specFile, BenchJson.MAPPER.writeValueAsString(spec));
        Path log = Files.createTempFile(workDir, "child-", ".log");
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        for (String p : List.of("gavel.native.lib", "gavel.cache.dir")) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ContenderMain.class.getName(), specFile.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false)
                .redirectError(verbose ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(log.toFile()));
        Process process = pb.start();
        ContenderResult result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ContenderMain.RESULT_PREFIX)) {
                    result = BenchJson.MAPPER.readValue(line.substring(ContenderMain.RESULT_PREFIX.length()),
                            ContenderResult.class);
                } else if (verbose) {
                    System.err.println("[" + spec.label() + "] " + line);
                }
            }
        }
        int code = process.waitFor();
        if (code != 0 || result == null) {
            String tail = verbose ? "" : tail(log, 40);
            throw new IOException("contender '" + spec.label() + "' failed (exit " + code + ")" + (tail.isEmpty() ? "" : ":\n" + tail));
        }
        Files.deleteIfExists(specFile);
        Files.deleteIfExists(log);
        return result;
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
