package dev.gavel.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Looks up judge formats by id (built-ins) or loads them from template files. */
public final class JudgeFormats {
    private static final List<JudgeFormat> BUILT_IN = List.of(new PrometheusFormat(), new GenericRubricFormat(),
            new ProcessBenchFormat());

    private JudgeFormats() {
    }

    /** The built-in formats: "prometheus2", "gavel-rubric-v1", "processbench-critique". */
    public static List<JudgeFormat> builtIn() {
        return BUILT_IN;
    }

    /** A built-in format by id, or a user template file when the argument names an existing file. */
    public static JudgeFormat resolve(String idOrPath) throws IOException {
        if (idOrPath == null || idOrPath.isBlank()) {
            throw new IllegalArgumentException("format id or template path must not be blank");
        }
        for (JudgeFormat f : BUILT_IN) {
            if (f.id().equals(idOrPath.strip())) {
                return f;
            }
        }
        Path p = Path.of(idOrPath);
        if (Files.isRegularFile(p)) {
            return UserTemplateFormat.load(p);
        }
        throw new IllegalArgumentException("unknown judge format '" + idOrPath + "': not a built-in ("
                + BUILT_IN.stream().map(JudgeFormat::id).toList() + ") and not a template file");
    }
}
