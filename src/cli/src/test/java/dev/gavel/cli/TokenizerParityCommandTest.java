package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gavel tokenizer-parity}: llama-2-tiny-random.gguf (SentencePiece llama vocabulary)
 * against SmolLM2's tokenizer.json is a wrong pairing and must be reported as such.
 */
class TokenizerParityCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new TokenizerParityCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void inspectListsEveryCodeItsTokenizerCheckReturns() throws Exception {
        Path texts = Files.writeString(tmp.resolve("texts.json"), "[\"Hello world\"]");
        String model = SharedFixtures.model("llama-2-tiny-random.gguf").toString();
        StringWriter help = new StringWriter();
        new CommandLine(new InspectCommand()).usage(new PrintWriter(help));
        CommandLine inspect = new CommandLine(new InspectCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int differ = inspect.execute(model, "--tokenizer", SharedFixtures.tokenizer("smollm2-135m/tokenizer.json").toString(),
                "--texts", texts.toString());
        int unreadable = inspect.execute(model, "--tokenizer", tmp.resolve("none.json").toString());
        for (int code : new int[] {differ, unreadable}) {
            assertTrue(help.toString().matches("(?s).*\\n\\s+" + code + "\\s+with --tokenizer.*"),
                    "inspect returned " + code + "; its help must list it: " + help);
        }
    }

    @Test
    void wrongPairingIsReportedWithPieces() throws Exception {
        Path texts = Files.writeString(tmp.resolve("texts.json"), "[\"Hello world\", {\"text\": \"Score: 5\\n\\nGood.\"}]");
        String model = SharedFixtures.model("llama-2-tiny-random.gguf").toString();
        String tok = SharedFixtures.tokenizer("smollm2-135m/tokenizer.json").toString();
        assertEquals(1, run(model, "--tokenizer", tok, "--texts", texts.toString()), err.toString());
        String s = out.toString();
        assertTrue(s.contains("MISMATCH: 2 of 2 texts"), s);
        assertTrue(s.contains("first difference at token 0"), s);
        assertTrue(s.contains("llama.cpp      [0..]") && s.contains("tokenizer.json [0..]"), s);
        assertTrue(err.toString().contains("vocabulary sizes differ (GGUF 32000, tokenizer.json 49152)"), err.toString());

        out.getBuffer().setLength(0);
        assertEquals(1, run(model, "--tokenizer", tok, "--texts", texts.toString(), "--json"));
        JsonNode o = new ObjectMapper().readTree(out.toString());
        assertEquals(2, o.get("mismatchCount").asInt());
        assertEquals("Hello world", o.get("mismatches").get(0).get("text").asText());
    }

    /** Stands in for {@code inspect}: its own MODEL and --json plus the parity mixin. */
    @CommandLine.Command(name = "inspect-like")
    static final class HostCommand implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Parameters(index = "0")
        Path model;
        @CommandLine.Option(names = "--json")
        boolean json;
        @CommandLine.Mixin
        TokenizerParityCommand.Options parity;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return parity.requested()
                    ? TokenizerParityCommand.check(model, parity, json, spec.commandLine().getOut(), spec.commandLine().getErr())
                    : 42;
        }
    }

    @Test
    void optionsMixIntoACommandWithItsOwnJsonFlag() throws Exception {
        Path texts = Files.writeString(tmp.resolve("texts.txt"), "Hello world\nScore: 5\n");
        CommandLine cl = new CommandLine(new HostCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String model = SharedFixtures.model("llama-2-tiny-random.gguf").toString();
        assertEquals(42, cl.execute(model, "--json"));
        assertEquals(1, cl.execute(model, "--json", "--tokenizer", SharedFixtures.tokenizer("smollm2-135m/tokenizer.json").toString(),
                "--texts", texts.toString()));
        assertEquals(2, new ObjectMapper().readTree(out.toString()).get("total").asInt());
    }

    @Test
    void missingInputsAreClear() throws Exception {
        String model = SharedFixtures.model("llama-2-tiny-random.gguf").toString();
        assertEquals(3, run(model, "--tokenizer", tmp.resolve("none.json").toString(),
                "--texts", Files.writeString(tmp.resolve("t.txt"), "a\n").toString()));
        assertTrue(err.toString().contains("no such tokenizer.json"), err.toString());
        assertEquals(2, run(model));
    }
}
