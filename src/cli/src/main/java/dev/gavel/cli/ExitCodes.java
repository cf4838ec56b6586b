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
    /** The output file cannot be created, resumed (another judge wrote it) or written. */
    public static final int OUTPUT = 5;
    /** Stopped by Ctrl-C (SIGINT); SIGTERM gives 143. Rerun with --resume. */
    public static final int INTERRUPTED = 130;

    // The help lines of the judging commands (grade, compare, steps), as picocli's "code:text".
    // Annotation values cannot share an array, but they can share constants.
    static final String HELP_OK = "0:every item judged";
    static final String HELP_RECORDS_FAILED = "1:finished, but some records are error records";
    static final String HELP_USAGE = "2:usage error (unknown option or preset, bad value)";
    static final String HELP_INPUT = "3:input file missing, unreadable or not JSON";
    static final String HELP_INPUT_OR_RUBRIC = "3:input or rubric file missing, unreadable or not JSON";
    static final String HELP_MODEL = "4:model file missing, not GGUF or unloadable; or the judge failed mid-run (rerun with --resume)";
    static final String HELP_OUTPUT = "5:output file cannot be created, resumed (written by another judge) or written";
    static final String HELP_INTERRUPTED = "130:interrupted (Ctrl-C); rerun with --resume";

    private ExitCodes() {
    }
}
