package dev.gavel.cli;

/**
 * A command line the command refuses although every value parsed: flags that contradict each
 * other, or a flag the command would otherwise ignore. Always a usage error (exit 2); the message
 * names the flags as the user typed them and says what to do instead.
 */
public final class FlagException extends RuntimeException {
    FlagException(String message) {
        super(message);
    }
}
