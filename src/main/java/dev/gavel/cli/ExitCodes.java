package dev.gavel.cli;

/**
 * The exit codes of the gavel commands, in one place so that every command and its help agree.
 * Picocli itself answers usage errors (unknown option, bad value) with {@link #USAGE}.
 */
public final class ExitCodes {
    /** Everything worked. */
    public static final int OK = 0;
    /** The run finished but some records are error records (bad input records or failed judgments). */
    public static final int RECORDS_FAILED = 1;
    /** Bad command line: unknown option or preset, invalid value, missing required flag. */
    public static final int USAGE = 2;
    /** The input file (or the rubric file) is missing, unreadable, empty or not JSON. */
    public static final int INPUT = 3;
    /** The model file is missing, not GGUF, truncated, or cannot be loaded; or the judge failed mid-run. */
    public static final int MODEL = 4;
    /** The output file cannot be created, resumed or written. */
    public static final int OUTPUT = 5;
    /** Stopped by Ctrl-C (SIGINT); SIGTERM gives 143. Rerun with --resume. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
