package dev.gavel.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a complete report directory: report.json, report.md and the PNG plots. */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** Creates {@code dir} if needed and returns the files written, relative to it. */
    public static List<String> write(EvalReport r, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> plots = ReportPlots.writeAll(r, dir);
        JsonReport.write(r, dir.resolve("report.json"));
        MarkdownReport.write(r, plots, dir.resolve("report.md"));
        List<String> files = new java.util.ArrayList<>(List.of("report.json", "report.md"));
        files.addAll(plots);
        return List.copyOf(files);
    }
}
