package dev.gavel.cli;

import dev.gavel.ModelLoadException;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;
import dev.gavel.testing.ConsoleCapture;
import dev.gavel.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --model-sha256} / {@link JudgeOptions#expectedModelSha256}: a file that is not the one named is refused before it loads. */
class ModelChecksumTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static JudgeOptions.Builder options() {
        return JudgeOptions.builder().chatTemplate("chatml").feedbackTokens(2).parallel(1).contextSize(512);
    }

    @Test
    void theJudgeOpensOnlyTheFileWithThatDigest() throws Exception {
        Path model = TestModels.tinyByteLevel();
        String sha = sha256(model);
        try (Judge j = Judge.open(model, options().expectedModelSha256(sha.toUpperCase()).build())) {
            assertEquals(sha, j.model().sha256());
        }
        // The same bytes but one flipped in the tensor data: same size, same structure, refused.
        byte[] b = Files.readAllBytes(model);
        b[b.length - 100] ^= 1;
        Path damaged = Files.write(tmp.resolve("damaged.gguf"), b);
        Files.setLastModifiedTime(damaged, Files.getLastModifiedTime(model));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Judge.open(damaged, options().expectedModelSha256(sha).build()));
        assertEquals(ModelLoadException.Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(sha) && e.getMessage().contains(sha256(damaged)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> options().expectedModelSha256("abc123").build());
    }

    @Test
    void gradeRefusesAMismatchingFileWithTheModelExitCode() throws Exception {
        Path model = TestModels.tinyByteLevel();
        Path output = tmp.resolve("out.jsonl");
        String[] args = {"grade", "--model", model.toString(), "--input", "docs/examples/items.jsonl",
                "--output", output.toString(), "--chat-template", "chatml", "--mode", "score-only",
                "--parallel", "1", "--threads", "1", "--model-sha256", "0".repeat(64)};
        assertEquals(ExitCodes.MODEL, GavelCli.execute(args), console.stderr());
        assertTrue(console.stderr().contains("checksum mismatch") && console.stderr().contains("--model-sha256"),
                console.stderr());
        assertFalse(Files.exists(output) && Files.size(output) > 0, "nothing judged");

        args[args.length - 1] = sha256(model);
        assertEquals(ExitCodes.OK, GavelCli.execute(args), console.stderr());
        assertEquals(4, Files.readAllLines(output).size());

        args[args.length - 1] = "not-a-digest";
        assertEquals(ExitCodes.USAGE, GavelCli.execute(args), console.stderr());
    }
}
