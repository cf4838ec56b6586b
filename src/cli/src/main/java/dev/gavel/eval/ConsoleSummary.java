package dev.gavel.eval;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The short plain-text summary {@code gavel eval} prints: one metric per line, then the counts. */
public final class ConsoleSummary {
    private ConsoleSummary() {
    }

    public static String render(EvalReport r) {
        StringBuilder out = new StringBuilder();
        out.append(r.preset()).append(": ").append(r.predictions()).append(" vs ").append(r.dataset()).append('\n');
        int width = r.metrics().stream().mapToInt(m -> m.name().length()).max().orElse(0);
        for (Metric m : r.metrics()) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %8s%s", m.name(), m.formatted(), m.proportion() ? "%" : " "));
            m.ci().ifPresent(ci -> out.append(String.format(Locale.ROOT, "  [%d%% CI %s, %s]",
                    Math.round(ci.level() * 100), m.format(ci.lower()), m.format(ci.upper()))));
            out.append('\n');
        }
        out.append(r.counts().entrySet().stream().map(Map.Entry::toString).collect(Collectors.joining(", "))).append('\n');
        if (!r.errors().isEmpty()) {
            out.append(r.errors().size()).append(" record error(s); first: ").append(r.errors().getFirst()).append('\n');
        }
        return out.toString();
    }
}
