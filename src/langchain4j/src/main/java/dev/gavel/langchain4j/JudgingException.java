package dev.gavel.langchain4j;

import dev.gavel.JudgeException;

/**
 * The judge could not grade what a LangChain4j call handed it (too long for the context, the
 * waiting thread interrupted, ...). Unchecked because LangChain4j's interfaces declare no checked
 * exception; {@link #getCause()} is the judge's {@link JudgeException}, whose {@code reason()} says why.
 */
public final class JudgingException extends RuntimeException {
    public JudgingException(String message, JudgeException cause) {
        super(message, cause);
    }

    @Override
    public synchronized JudgeException getCause() {
        return (JudgeException) super.getCause();
    }
}
