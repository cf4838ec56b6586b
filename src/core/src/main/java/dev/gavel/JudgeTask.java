package dev.gavel;

/** The kinds of judgement a format may support. */
public enum JudgeTask {
    /** One response scored on a rubric. */
    ABSOLUTE,
    /** Two responses compared. */
    PAIRWISE,
    /** A step-by-step solution checked for its earliest wrong step. */
    STEPS
}
