package dev.gavel.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what a batch run did, from the records it wrote: judged items, errors (bad input records
 * and failed judgments), items skipped because an earlier run already did them, the distribution
 * of verdicts (scores, winners or first wrong steps), throughput and wall time. Thread-safe.
 */
public final class RunSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String task;
    private final long startNanos = System.nanoTime();
    private long total;
    private long skipped;
    private long ok;
    private long inputErrors;
    private long judgeErrors;
    private long tokens;
    private long keptErrors;
    private long elapsedNanos = -1;
    private boolean interrupted;
    private String engine;
    private String warning;
    private final Map<String, Long> verdicts = new TreeMap<>();

    /** @param task "grade", "compare" or "steps": names the verdict in the rendering */
    public RunSummary(String task) {
        this.task = task;
    }

    /** Items in the input, good or bad. */
    public synchronized void total(long items) {
        total = items;
    }

    /** An item already done by an earlier run. */
    public synchronized void skipped() {
        skipped++;
    }

    /** Error records an earlier run left in the output and this run kept (no --retry-errors). */
    public synchronized void keptErrors(long count) {
        keptErrors = count;
    }

    /** Error records in the output at the end: this run's and those kept from earlier runs. */
    public synchronized long errorsInOutput() {
        return inputErrors + judgeErrors + keptErrors;
    }

    /** A record this run wrote; sorts it by its verdict or error. */
    public synchronized void recorded(ObjectNode record, boolean inputError) {
        if (OutputKeys.isError(record)) {
            if (inputError) {
                inputErrors++;
            } else {
                judgeErrors++;
            }
            return;
        }
        ok++;
        String verdict = verdict(record);
        if (verdict != null) {
            verdicts.merge(verdict, 1L, Long::sum);
        }
    }

    private static String verdict(JsonNode record) {
        for (String field : new String[] {"score", "winner", "step"}) {
            JsonNode v = record.get(field);
            if (v != null && !v.isNull()) {
                return v.asText();
            }
        }
        return null;
    }

    /** Tokens processed by the model in this run (prompt and generated), for tokens/s. */
    public synchronized void tokens(long count) {
        tokens = count;
    }

    /** The engine settings the run used, as one line (they may have been chosen for the machine). */
    public synchronized void engine(String description) {
        engine = description;
    }

    /** Why the run was slower than it should have been, and what to try. */
    public synchronized void warning(String text) {
        warning = text;
    }

    /** Marks the run finished (or interrupted) and fixes its wall time. */
    public synchronized void finish(boolean wasInterrupted) {
        if (elapsedNanos < 0) {
            elapsedNanos = System.nanoTime() - startNanos;
        }
        interrupted = wasInterrupted;
    }

    public synchronized long ok() {
        return ok;
    }

    public synchronized long errors() {
        return inputErrors + judgeErrors;
    }

    public synchronized long skippedCount() {
        return skipped;
    }

    private long elapsed() {
        return elapsedNanos >= 0 ? elapsedNanos : System.nanoTime() - startNanos;
    }

    /** The summary as printed on stderr at the end of a run. */
    public synchronized String render() {
        double seconds = elapsed() / 1e9;
        StringBuilder b = new StringBuilder();
        b.append(task).append(interrupted ? ": stopped before the end" : ": done").append('\n');
        b.append(String.format(Locale.ROOT, "  items     %d in input, %d judged, %d errors (%d bad input records,"
                + " %d failed judgments), %d skipped (done by an earlier run)%n",
                total, ok, inputErrors + judgeErrors, inputErrors, judgeErrors, skipped));
        if (keptErrors > 0) {
            b.append(String.format(Locale.ROOT, "            %d error records from earlier runs kept"
                    + " (--resume --retry-errors judges them again)%n", keptErrors));
        }
        if (!verdicts.isEmpty()) {
            b.append("  ").append(verdictName()).append('\n');
            long max = verdicts.values().stream().mapToLong(Long::longValue).max().orElse(1);
            for (Map.Entry<String, Long> e : verdicts.entrySet()) {
                int width = (int) Math.round(30.0 * e.getValue() / max);
                b.append(String.format(Locale.ROOT, "    %6s %6d %s%n", e.getKey(), e.getValue(), "#".repeat(width)));
            }
        }
        long judged = ok + judgeErrors;
        b.append(String.format(Locale.ROOT, "  speed     %.2f judgments/s, %.1f tokens/s%n",
                seconds > 0 ? judged / seconds : 0, seconds > 0 ? tokens / seconds : 0));
        b.append("  wall time ").append(formatDuration(Duration.ofNanos(elapsed()))).append('\n');
        if (engine != null) {
            b.append("  engine    ").append(engine).append('\n');
        }
        if (warning != null) {
            b.append("  warning   ").append(warning).append('\n');
        }
        return b.toString();
    }

    private String verdictName() {
        return switch (task) {
            case "compare" -> "winners";
            case "steps" -> "first wrong step (-1: none)";
            default -> "scores";
        };
    }

    /** The summary as JSON, for --summary-json. */
    public synchronized ObjectNode toJson() {
        double seconds = elapsed() / 1e9;
        ObjectNode n = JSON.createObjectNode();
        n.put("task", task);
        n.put("interrupted", interrupted);
        n.put("items", total);
        n.put("ok", ok);
        n.put("errors", inputErrors + judgeErrors);
        n.put("input_errors", inputErrors);
        n.put("judge_errors", judgeErrors);
        n.put("skipped", skipped);
        n.put("kept_errors", keptErrors);
        ObjectNode v = n.putObject(switch (task) {
            case "compare" -> "winners";
            case "steps" -> "first_wrong_steps";
            default -> "scores";
        });
        verdicts.forEach(v::put);
        n.put("wall_seconds", seconds);
        n.put("judgments_per_second", seconds > 0 ? (ok + judgeErrors) / seconds : 0);
        n.put("tokens", tokens);
        n.put("tokens_per_second", seconds > 0 ? tokens / seconds : 0);
        if (engine != null) {
            n.put("engine", engine);
        }
        if (warning != null) {
            n.put("warning", warning);
        }
        return n;
    }

    static String formatDuration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
