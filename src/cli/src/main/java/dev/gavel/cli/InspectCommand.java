package dev.gavel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gavel.ModelLoadException;
import dev.gavel.gguf.GgufValidator;
import dev.gavel.gguf.ModelInfo;
import dev.gavel.gguf.SpecialToken;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/** {@code gavel inspect}: what a GGUF model file is, without loading it. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Show what a GGUF model file holds (architecture, size, quantization, context,"
                + " vocabulary, chat template, special tokens) after validating it, without loading it.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the file is a valid GGUF model (with --tokenizer: and every text tokenizes identically)",
                "1:with --tokenizer: some texts tokenize differently (each is listed)", "2:usage error",
                "3:with --tokenizer: the tokenizer.json or the --texts file cannot be read",
                "4:the file is missing, not GGUF, truncated or otherwise unusable"})
public final class InspectCommand implements java.util.concurrent.Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.gguf", description = "The model file.")
    Path model;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--sha256", description = "Also compute the file's SHA-256 (reads the whole file;"
            + " the same value as sha256sum prints).")
    boolean sha256;

    @CommandLine.Mixin
    TokenizerParityCommand.Options tokenizerParity;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tokenizerParity.requested()) {
            return TokenizerParityCommand.check(model, tokenizerParity, json, out, err);
        }
        ModelInfo info;
        try {
            info = GgufValidator.validate(model);
        } catch (ModelLoadException e) {
            err.println("gavel inspect: " + ModelProblems.explain(e));
            err.flush();
            return ExitCodes.MODEL;
        }
        String digest = null;
        if (sha256) {
            try {
                digest = sha256(model);
            } catch (IOException e) {
                err.println("gavel inspect: cannot read " + model + " to hash it: " + e.getMessage());
                err.flush();
                return ExitCodes.MODEL;
            }
        }
        if (json) {
            Map<String, Object> m = info.toMap();
            m.put("chatTemplatePresent", info.chatTemplate() != null);
            if (digest != null) {
                m.put("sha256", digest);
            }
            try {
                out.println(JSON.writeValueAsString(m));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.print(text(info, digest));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String text(ModelInfo i, String digest) {
        StringBuilder b = new StringBuilder();
        row(b, "file", i.path() + " (" + bytes(i.fileSize()) + ")");
        if (digest != null) {
            row(b, "sha256", digest);
        }
        row(b, "name", i.name());
        row(b, "architecture", i.architecture());
        row(b, "parameters", String.format(Locale.ROOT, "%,d (%s)", i.parameterCount(), count(i.parameterCount())));
        row(b, "quantization", i.quantization());
        row(b, "context length", i.contextLength());
        row(b, "embedding", i.embeddingLength());
        row(b, "layers", i.blockCount());
        row(b, "heads", i.headCount() == null ? null : i.headCount() + " (kv " + i.kvHeadCount() + ")");
        row(b, "vocabulary", i.vocabularySize() == null ? null : i.vocabularySize() + " tokens, "
                + i.tokenizerModel() + (i.preTokenizer() == null ? "" : " / " + i.preTokenizer()));
        row(b, "chat template", i.chatTemplate() == null ? "none (pass --chat-template to grade/compare)"
                : "present (" + i.chatTemplate().length() + " chars)");
        StringBuilder specials = new StringBuilder();
        for (SpecialToken t : i.specialTokens()) {
            if (!specials.isEmpty()) {
                specials.append(", ");
            }
            specials.append(t.role()).append('=').append(t.id());
            if (t.text() != null) {
                specials.append(" '").append(t.text()).append('\'');
            }
        }
        row(b, "special tokens", specials.isEmpty() ? "none declared" : specials.toString());
        return b.toString();
    }

    private static void row(StringBuilder b, String key, Object value) {
        b.append(String.format(Locale.ROOT, "%-15s %s%n", key, value == null ? "-" : value));
    }

    private static String bytes(long n) {
        return n >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30))
                : n >= 1L << 20 ? String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20))
                : n + " bytes";
    }

    private static String count(long n) {
        return n >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2fB", n / 1e9)
                : n >= 1_000_000L ? String.format(Locale.ROOT, "%.1fM", n / 1e6)
                : String.format(Locale.ROOT, "%.1fK", n / 1e3);
    }

    /** Hex SHA-256 of a file, as sha256sum prints it. */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
