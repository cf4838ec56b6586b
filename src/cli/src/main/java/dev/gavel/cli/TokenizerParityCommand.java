package dev.gavel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gavel.ModelLoadException;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.tokenize.HfTokenizer;
import dev.gavel.data.ParityCorpus;
import dev.gavel.tokenize.ParityMismatch;
import dev.gavel.tokenize.ParityReport;
import dev.gavel.tokenize.TextsFile;
import dev.gavel.tokenize.TokenizerParity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gavel tokenizer-parity MODEL --tokenizer tokenizer.json [--texts FILE]}: does llama.cpp's
 * tokenizer (from the GGUF) split texts exactly as the model's Hugging Face tokenizer does?
 *
 * <p>The same check backs {@code inspect MODEL --tokenizer T --texts FILE}: the inspect command
 * mixes in {@link Options} ({@code --tokenizer}, {@code --texts}, {@code --trusted},
 * {@code --show}; no {@code --json}, which inspect has already) and calls {@link #check} with its
 * own {@code --json} flag when {@link Options#requested()}.
 */
@Command(name = "tokenizer-parity",
        mixinStandardHelpOptions = true,
        description = "Compare llama.cpp's tokenization (from the GGUF) with a Hugging Face tokenizer.json.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:all texts tokenize identically", "1:some texts differ (each is listed)",
                "2:usage error", "3:model, tokenizer or texts could not be read"})
public final class TokenizerParityCommand implements Callable<Integer> {
    static final int IDENTICAL = 0;
    static final int DIFFERENT = 1;
    static final int INPUT_PROBLEM = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "GGUF model file.")
    Path model;

    @CommandLine.Mixin
    Options options;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    /** The parity options, reusable as a picocli mixin (e.g. by {@code inspect}). */
    public static final class Options {
        @Option(names = "--tokenizer", paramLabel = "tokenizer.json",
                description = "The model's Hugging Face tokenizer.json to compare against.")
        public Path tokenizer;

        @Option(names = "--texts", paramLabel = "FILE",
                description = "Texts to compare: .json array, .jsonl, or one text per line. "
                        + "Default: ~1,000 texts built from $GAVEL_SHARED/data/dev.")
        public Path texts;

        @Option(names = "--trusted", description = "Parse special-token text on both sides (template text); "
                + "default: untrusted, as judged content is tokenized.")
        public boolean trusted;

        @Option(names = "--show", defaultValue = "20", paramLabel = "N",
                description = "Mismatches printed in text mode (default ${DEFAULT-VALUE}; all in --json).")
        public int show;

        /** True when the user asked for a parity check. */
        public boolean requested() {
            return tokenizer != null;
        }
    }

    @Override
    public Integer call() {
        if (options.tokenizer == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--tokenizer'");
        }
        return check(model, options, json, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Runs the check and prints the report.
     *
     * @param json print one JSON object instead of text (the host command's own {@code --json})
     * @return {@link #IDENTICAL}, {@link #DIFFERENT} or {@link #INPUT_PROBLEM}
     */
    public static int check(Path model, Options options, boolean json, PrintWriter out, PrintWriter err) {
        try {
            List<String> texts = options.texts != null ? TextsFile.read(options.texts)
                    : ParityCorpus.texts(sharedData());
            TokenizerParity.Mode mode = options.trusted ? TokenizerParity.Mode.TRUSTED : TokenizerParity.Mode.UNTRUSTED;
            ParityReport report;
            try (LlamaModel m = LlamaModel.load(model, ModelOptions.defaults());
                 HfTokenizer hf = HfTokenizer.load(options.tokenizer)) {
                report = TokenizerParity.compare(m.vocabulary(), hf, texts, mode);
                if (m.vocabulary().size() != hf.size()) {
                    err.println("gavel: warning: vocabulary sizes differ (GGUF " + m.vocabulary().size() + ", tokenizer.json "
                            + hf.size() + "): this tokenizer.json probably belongs to another model");
                }
                out.println(json ? json(model, m.info().preTokenizer(), options.tokenizer, report)
                        : text(model, m.info().preTokenizer(), options.tokenizer, report, options.show));
            }
            out.flush();
            return report.identical() ? IDENTICAL : DIFFERENT;
        } catch (IOException | ModelLoadException e) {
            err.println("gavel: tokenizer parity: " + e.getMessage());
            err.flush();
            return INPUT_PROBLEM;
        }
    }

    private static Path sharedData() {
        String shared = System.getenv("GAVEL_SHARED");
        Path root = shared == null || shared.isBlank() ? Path.of("..", "shared") : Path.of(shared);
        return root.resolve("data").resolve("dev");
    }

    private static String text(Path model, String pre, Path tokenizer, ParityReport r, int show) {
        StringBuilder b = new StringBuilder();
        b.append("model:     ").append(model).append(" (tokenizer.ggml.pre=").append(pre).append(")\n");
        b.append("tokenizer: ").append(tokenizer).append('\n');
        b.append(r.verdict());
        List<ParityMismatch> m = r.mismatches();
        for (int i = 0; i < Math.min(show, m.size()); i++) {
            b.append("\n\n").append(m.get(i).describe());
        }
        if (m.size() > show) {
            b.append("\n\n... ").append(m.size() - show).append(" more (use --show or --json)");
        }
        return b.toString();
    }

    private static String json(Path model, String pre, Path tokenizer, ParityReport r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", model.toString());
        o.put("preTokenizer", pre);
        o.put("tokenizer", tokenizer.toString());
        o.put("mode", r.mode().name().toLowerCase(java.util.Locale.ROOT));
        o.put("total", r.total());
        o.put("matches", r.matches());
        o.put("mismatchCount", r.mismatches().size());
        o.put("llamaTokens", r.llamaTokens());
        o.put("hfTokens", r.hfTokens());
        o.put("verdict", r.verdict());
        o.put("mismatches", r.mismatches());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the parity report as JSON", e);
        }
    }
}
