package dev.gavel.format;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template with {@code {name}} placeholders, in Python {@code str.format} syntax because the
 * published judge prompts are written in it: {@code {{} and {@code }}} are literal braces.
 * Literal text renders as trusted segments; each placeholder is replaced by a {@link PromptText}
 * whose own segments (normally untrusted content) are kept.
 */
final class PlaceholderTemplate {
    private sealed interface Part permits Literal, Slot {
    }

    private record Literal(String text) implements Part {
    }

    private record Slot(String name) implements Part {
    }

    private final String source;
    private final List<Part> parts;
    private final Set<String> names;

    private PlaceholderTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
        Set<String> n = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Slot s) {
                n.add(s.name());
            }
        }
        this.names = Set.copyOf(n);
    }

    /**
     * Parses a template, accepting only the given placeholder names.
     *
     * @throws IllegalArgumentException naming line and column of the first syntax error or unknown placeholder
     */
    static PlaceholderTemplate parse(String source, Set<String> allowed) {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                lit.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < source.length() && source.charAt(i + 1) == '}') {
                lit.append('}');
                i += 2;
            } else if (c == '{') {
                int end = source.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '{' at " + position(source, i)
                            + " (write {{ for a literal brace)");
                }
                String name = source.substring(i + 1, end);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("invalid placeholder {" + name + "} at " + position(source, i)
                            + " (write {{ and }} for literal braces)");
                }
                if (!allowed.contains(name)) {
                    throw new IllegalArgumentException("unknown placeholder {" + name + "} at " + position(source, i)
                            + "; allowed: " + allowed.stream().sorted().toList());
                }
                if (!lit.isEmpty()) {
                    parts.add(new Literal(lit.toString()));
                    lit.setLength(0);
                }
                parts.add(new Slot(name));
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("single '}' at " + position(source, i) + " (write }} for a literal brace)");
            } else {
                lit.append(c);
                i++;
            }
        }
        if (!lit.isEmpty()) {
            parts.add(new Literal(lit.toString()));
        }
        return new PlaceholderTemplate(source, parts);
    }

    /** The template as written, for hashing. */
    String source() {
        return source;
    }

    /** The placeholder names used. */
    Set<String> names() {
        return names;
    }

    boolean uses(String name) {
        return names.contains(name);
    }

    /** Renders with the given values; every used placeholder must have one. */
    PromptText render(Map<String, PromptText> values) {
        PromptText.Builder b = PromptText.builder();
        for (Part p : parts) {
            switch (p) {
                case Literal l -> b.template(l.text());
                case Slot s -> {
                    PromptText v = values.get(s.name());
                    if (v == null) {
                        throw new IllegalArgumentException("no value for placeholder {" + s.name() + "}");
                    }
                    b.append(v);
                }
            }
        }
        return b.build();
    }

    private static String position(String source, int index) {
        int line = 1;
        int col = 1;
        for (int k = 0; k < index; k++) {
            if (source.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return "line " + line + ", column " + col;
    }
}
