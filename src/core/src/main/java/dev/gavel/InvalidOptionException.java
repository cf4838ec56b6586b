package dev.gavel;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A judge option ({@code dev.gavel.judge.JudgeOptions}) that is out of range or contradicts
 * another. It names the option (the builder method, e.g. {@code contextSize}) and keeps the rule
 * apart from the names, so that a front end can say the same thing in its own terms: the command
 * line renders {@code contextSize must be >= 64, was 10} as {@code --context must be >= 64, was 10}.
 */
public final class InvalidOptionException extends IllegalArgumentException {
    private final String option;
    private final String rule;
    private final List<String> related;
    private final Object value;

    /**
     * @param option  the offending option's name
     * @param rule    what it must be, with {@code %s} where each related option's name goes,
     *                e.g. {@code "must be > 0 when %s > 1"}
     * @param value   the value it had, or null when the value says nothing
     * @param related the names of other options the rule speaks of, in the rule's order
     */
    public InvalidOptionException(String option, String rule, Object value, String... related) {
        super(render(option, rule, value, List.of(related), UnaryOperator.identity()));
        this.option = Objects.requireNonNull(option, "option");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.related = List.of(related);
        this.value = value;
    }

    /** The option's name, as the builder method that sets it. */
    public String option() {
        return option;
    }

    /** The other options the rule speaks of. */
    public List<String> related() {
        return related;
    }

    /**
     * The message with every option name replaced by {@code name.apply(option)}: how a front end
     * with its own names for the options (command-line flags) words the same error.
     */
    public String message(UnaryOperator<String> name) {
        return render(option, rule, value, related, name);
    }

    private static String render(String option, String rule, Object value, List<String> related,
                                 UnaryOperator<String> name) {
        String text = name.apply(option) + " " + String.format(rule, related.stream().map(name).toArray());
        return value == null ? text : text + ", was " + value;
    }
}
