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
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; used by main and by tests. */
    public static int execute(String... args) {
        return new CommandLine(new GavelCli()).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"gavel " + dev.gavel.GavelVersion.current()};
        }
    }
}
