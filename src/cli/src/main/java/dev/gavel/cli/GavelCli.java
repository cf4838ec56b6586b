package dev.gavel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code gavel} command: dispatches to one subcommand per job. */
@Command(name = "gavel",
        mixinStandardHelpOptions = true,
        versionProvider = GavelCli.Version.class,
        description = "Local LLM-as-a-judge runtime: grade and compare responses with a GGUF judge model.",
        subcommands = {CommandLine.HelpCommand.class, GradeCommand.class, CompareCommand.class,
                StepsCommand.class, InspectCommand.class, SynthCommand.class, DoctorCommand.class,
                EvalCommand.class, PlanCommand.class, TokenizerParityCommand.class, BenchCommand.class})
public final class GavelCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        quietLibraryLogs();
        System.exit(execute(args));
    }

    /**
     * DJL, which Gavel uses only for tokenizer.json files, probes for CUDA when it loads and logs a
     * warning ("Failed to detect GPU count") and its platform on every machine without a GPU
     * driver. Its tokenizers run on the CPU either way, so that probe is noise to a Gavel user.
     * Set before any logger exists; a {@code -D} on the command line still wins.
     */
    static void quietLibraryLogs() {
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "off");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.Platform", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Runs a command line and returns its exit code; used by main and by tests. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new GavelCli());
        cli.setParameterExceptionHandler(GavelCli::usageError);
        return cli.execute(args);
    }

    /**
     * A usage error in a few lines: what is wrong, picocli's "did you mean" for a mistyped
     * option, and where the help is. The full help (a hundred lines for the judging commands)
     * would push the one line that matters off the screen.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        java.io.PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + name + " --help' for the options and exit codes.");
        err.flush();
        return ExitCodes.USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"gavel " + dev.gavel.GavelVersion.current()};
        }
    }
}
