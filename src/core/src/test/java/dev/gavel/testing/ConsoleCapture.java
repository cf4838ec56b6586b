package dev.gavel.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures System.out and System.err around each test, for command-line tests that run
 * {@code GavelCli.execute} in-process. Register with {@code @RegisterExtension}.
 */
public final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    /** What the test printed to System.out so far, as UTF-8 text. */
    public String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the test printed to System.err so far, as UTF-8 text. */
    public String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    public ByteArrayOutputStream out() {
        return out;
    }

    public ByteArrayOutputStream err() {
        return err;
    }
}
