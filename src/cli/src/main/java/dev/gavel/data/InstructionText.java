package dev.gavel.data;

/**
 * How a record with a separate input field (Alpaca style: "instruction" plus "input") becomes the
 * one instruction a judge reads. Every reader and workload joins them here, so the same record
 * gives the same prompt in grade, eval, the benchmark and the parity corpus.
 */
public final class InstructionText {
    private InstructionText() {
    }

    /** The instruction, a blank line, then the input; the instruction alone when the input is null or blank. */
    public static String withInput(String instruction, String input) {
        return input == null || input.isBlank() ? instruction : instruction + "\n\n" + input;
    }
}
