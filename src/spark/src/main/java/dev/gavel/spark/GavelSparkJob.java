package dev.gavel.spark;

import dev.gavel.JudgeTask;
import dev.gavel.Rubric;
import dev.gavel.cli.ExitCodes;
import dev.gavel.cli.FieldFlags;
import dev.gavel.cli.JudgeFlags;
import dev.gavel.data.DatasetPreset;
import dev.gavel.data.InputFields;
import dev.gavel.jobs.RubricJson;
import dev.gavel.judge.JudgeOptions;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The spark-submit entry point: {@code grade}, {@code compare} and {@code steps} with the CLI's
 * presets, field flags and judge flags, reading any input Spark reads (JSON Lines or a JSON
 * array, Parquet, a table, a SQL query) and writing the result through Spark's commit protocol
 * (Parquet or JSON Lines). It prints the counts and the judgments per second of the run, and
 * exits with the CLI's exit codes.
 *
 * <pre>
 * spark-submit --class dev.gavel.spark.GavelSparkJob target/gavel-spark-job.jar grade \
 *     --model /models/judge.gguf --input items.jsonl --output judgments --output-format json
 * </pre>
 */
@Command(name = "gavel-spark", mixinStandardHelpOptions = true,
        description = "Judge a dataset on Spark with one judge per executor (docs/spark.md).")
public final class GavelSparkJob {
    private GavelSparkJob() {
    }

    /** Runs one command on the session spark-submit configured, then stops it. */
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("gavel").getOrCreate();
        int code;
        try {
            code = run(spark, args);
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /** Runs one command on a session; returns the exit code. */
    public static int run(SparkSession spark, String... args) {
        CommandLine cl = new CommandLine(new GavelSparkJob());
        cl.addSubcommand("grade", new Grade(spark));
        cl.addSubcommand("compare", new Compare(spark));
        cl.addSubcommand("steps", new Steps(spark));
        return cl.execute(args);
    }

    /** Model, input, output and run flags shared by the three commands. */
    static final class JobFlags {
        @Option(names = "--model", required = true, paramLabel = "M.gguf",
                description = "The judge model: a path every executor can read, or with --ship-model a driver file.")
        String model;

        @Option(names = "--ship-model", description = "Ship the driver's --model file to the executors with the job.")
        boolean shipModel;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Input input;

        static final class Input {
            @Option(names = "--input", paramLabel = "PATH", description = "Input files (see --input-format).")
            String path;

            @Option(names = "--input-table", paramLabel = "NAME", description = "A table or view to judge.")
            String table;

            @Option(names = "--input-sql", paramLabel = "QUERY", description = "A SQL query whose rows to judge.")
            String sql;
        }

        @Option(names = "--input-format", defaultValue = "json", paramLabel = "FORMAT",
                description = "Format of --input: json (JSON Lines, or a JSON array file), parquet, orc, csv (default json).")
        String inputFormat;

        @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where to write the result.")
        String output;

        @Option(names = "--output-format", defaultValue = "parquet", paramLabel = "parquet|json",
                description = "parquet (default) or json (JSON Lines, the CLI's record layout).")
        String outputFormat;

        @Option(names = "--overwrite", description = "Replace --output if it exists.")
        boolean overwrite;

        @Option(names = "--partitions", paramLabel = "N", description = "Spread the rows over N tasks (default: as read).")
        Integer partitions;

        /**
         * The model and the SHA-256 every executor's copy must have: the judge flags'
         * --model-sha256 (default: the driver's copy's; required when the driver cannot read it).
         */
        ModelSource source(String modelSha256) {
            return shipModel ? ModelSource.shipped(Path.of(model), modelSha256) : ModelSource.shared(model, modelSha256);
        }
    }

    /** What the three commands share: read, judge, write, count, report. */
    abstract static class JobCommand implements Callable<Integer> {
        final SparkSession spark;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        JobFlags job;

        @Mixin
        FieldFlags fields;

        @Mixin
        JudgeFlags judgeFlags;

        @Option(names = "--preset", paramLabel = "NAME", description = "Input layout, as the CLI's (default: the"
                + " CLI's default for the command).")
        String preset;

        JobCommand(SparkSession spark) {
            this.spark = spark;
        }

        abstract JudgeTask task();

        /** The task's field flags applied to the common ones. */
        abstract InputFields taskFields(InputFields common);

        /** Task-specific settings on the builder. */
        abstract void configure(SparkJudge.Builder b, JudgeOptions.Builder options) throws IOException;

        abstract Function<Dataset<Row>, Dataset<Row>> judging(SparkJudge judge);

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            String prefix = "gavel-spark " + spec.name() + ": ";
            SparkJudge judge;
            try {
                DatasetPreset p = preset == null ? defaultPreset(task()) : DatasetPreset.named(preset, task());
                JudgeOptions.Builder options = judgeFlags.toBuilder();
                SparkJudge.Builder b = SparkJudge.builder(job.source(judgeFlags.modelSha256()))
                        .fields(taskFields(fields.apply(p.fields())));
                if (job.partitions != null) {
                    b.partitions(job.partitions);
                }
                configure(b, options);
                judge = b.options(options.build()).build();
            } catch (dev.gavel.InvalidOptionException e) {
                // in the job's own flag names, as the gavel command says it
                throw new CommandLine.ParameterException(spec.commandLine(), JudgeFlags.inFlagTerms(e));
            } catch (IllegalArgumentException | IOException | dev.gavel.cli.FlagException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Dataset<Row> input;
            try {
                input = readInput();
            } catch (Exception e) {
                // Spark throws its AnalysisException (a checked exception it does not declare) for a missing path.
                return fail(err, prefix + "cannot read the input: " + e.getMessage(), ExitCodes.INPUT);
            }
            long start = System.nanoTime();
            Dataset<Row> result;
            try {
                result = judging(judge).apply(input);
            } catch (GavelSparkException e) {
                return fail(err, prefix + e.getMessage(), ExitCodes.MODEL);
            } catch (IllegalArgumentException e) {
                return fail(err, prefix + e.getMessage(), ExitCodes.INPUT);
            }
            try {
                result.write().mode(job.overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                        .format(outputFormat()).save(job.output);
            } catch (Exception e) {
                if (e instanceof AnalysisException a && "PATH_ALREADY_EXISTS".equals(a.getCondition())) {
                    return fail(err, prefix + "cannot write " + job.output + ": it exists"
                            + "\n  what to do: pass --overwrite, or another --output", ExitCodes.OUTPUT);
                }
                return fail(err, prefix + "the job failed: " + e.getMessage(), ExitCodes.MODEL);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return report(err, prefix, seconds);
        }

        private String outputFormat() {
            return switch (job.outputFormat.toLowerCase(Locale.ROOT)) {
                case "parquet" -> "parquet";
                case "json", "jsonl" -> "json";
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown --output-format '"
                        + job.outputFormat + "'; use parquet or json");
            };
        }

        private Dataset<Row> readInput() throws IOException {
            if (job.input.table != null) {
                return spark.table(job.input.table);
            }
            if (job.input.sql != null) {
                return spark.sql(job.input.sql);
            }
            DataFrameReader reader = spark.read().format(job.inputFormat.toLowerCase(Locale.ROOT));
            if (job.inputFormat.equalsIgnoreCase("json") && isJsonArrayFile(Path.of(job.input.path))) {
                reader = reader.option("multiLine", true);
            }
            if (job.inputFormat.equalsIgnoreCase("csv")) {
                reader = reader.option("header", true);
            }
            return reader.load(job.input.path);
        }

        /** A local file that is one JSON array (prometheus-eval's files) rather than JSON Lines. */
        private static boolean isJsonArrayFile(Path p) throws IOException {
            if (!Files.isRegularFile(p)) {
                return false;
            }
            try (var in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                int c;
                while ((c = in.read()) >= 0 && Character.isWhitespace(c)) {
                    // skip leading blanks
                }
                return c == '[';
            }
        }

        /** Counts what was written (the committed result, not what the tasks tried) and prints the summary. */
        private int report(PrintWriter err, String prefix, double seconds) {
            Dataset<Row> written = spark.read().format(outputFormat()).load(job.output);
            boolean hasError = List.of(written.schema().fieldNames()).contains(Records.ERROR_TYPE);
            Map<String, Long> byType = new TreeMap<>();
            long total = 0;
            for (Row r : (hasError ? written.groupBy(Records.ERROR_TYPE).count() : written.groupBy().count())
                    .collectAsList()) {
                String type = hasError ? r.getString(0) : null;
                long n = r.getLong(hasError ? 1 : 0);
                total += n;
                byType.put(type == null ? "judged" : type, n);
            }
            long judged = byType.getOrDefault("judged", 0L);
            long failedJudgments = total - judged - byType.getOrDefault(ErrorType.INPUT.id(), 0L);
            long errors = total - judged;
            err.printf(Locale.ROOT, "%s%d rows written to %s: %d judged, %d errors %s%n", prefix, total, job.output, judged,
                    errors, byType);
            err.printf(Locale.ROOT, "%s%.1f s, %.2f judgments/s%n", prefix, seconds,
                    seconds > 0 ? (judged + failedJudgments) / seconds : 0);
            err.flush();
            return errors > 0 ? ExitCodes.RECORDS_FAILED : ExitCodes.OK;
        }

        private static int fail(PrintWriter err, String message, int code) {
            err.println(message);
            err.flush();
            return code;
        }
    }

    static DatasetPreset defaultPreset(JudgeTask task) {
        return switch (task) {
            case ABSOLUTE -> DatasetPreset.PROMETHEUS;
            case PAIRWISE -> DatasetPreset.GENERIC;
            case STEPS -> DatasetPreset.PROCESSBENCH;
        };
    }

    @Command(name = "grade", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Grade each row on a rubric's scale, as `gavel grade` does.")
    static final class Grade extends JobCommand {
        @Mixin
        FieldFlags.Grade gradeFields;

        @Option(names = "--rubric", paramLabel = "FILE.json", description = "One rubric for every row.")
        Path rubric;

        Grade(SparkSession spark) {
            super(spark);
        }

        @Override
        JudgeTask task() {
            return JudgeTask.ABSOLUTE;
        }

        @Override
        InputFields taskFields(InputFields common) {
            return gradeFields.apply(common);
        }

        @Override
        void configure(SparkJudge.Builder b, JudgeOptions.Builder options) throws IOException {
            if (rubric != null) {
                Rubric r = RubricJson.read(rubric);
                b.rubric(r);
            }
        }

        @Override
        Function<Dataset<Row>, Dataset<Row>> judging(SparkJudge judge) {
            return judge::grade;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Compare each row's two responses, as `gavel compare` does.")
    static final class Compare extends JobCommand {
        @Mixin
        FieldFlags.Compare compareFields;

        @Option(names = "--criterion", paramLabel = "TEXT", description = "What 'better' means, for rows without one.")
        String criterion;

        @Option(names = "--one-order", description = "Judge only the given order (A, B).")
        boolean oneOrder;

        @Option(names = "--allow-ties", description = "Allow 'tie'.")
        boolean allowTies;

        Compare(SparkSession spark) {
            super(spark);
        }

        @Override
        JudgeTask task() {
            return JudgeTask.PAIRWISE;
        }

        @Override
        InputFields taskFields(InputFields common) {
            return compareFields.apply(common);
        }

        @Override
        void configure(SparkJudge.Builder b, JudgeOptions.Builder options) {
            if (criterion != null) {
                b.criterion(criterion);
            }
            options.pairwiseBothOrders(!oneOrder).allowTies(allowTies);
        }

        @Override
        Function<Dataset<Row>, Dataset<Row>> judging(SparkJudge judge) {
            return judge::compare;
        }
    }

    @Command(name = "steps", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Find each solution's first wrong step, as `gavel steps` does.")
    static final class Steps extends JobCommand {
        @Mixin
        FieldFlags.Steps stepsFields;

        @Option(names = "--step-format", paramLabel = "ID|FILE", description = "Prompt format for step checking.")
        String stepFormat;

        Steps(SparkSession spark) {
            super(spark);
        }

        @Override
        JudgeTask task() {
            return JudgeTask.STEPS;
        }

        @Override
        InputFields taskFields(InputFields common) {
            return stepsFields.apply(common);
        }

        @Override
        void configure(SparkJudge.Builder b, JudgeOptions.Builder options) {
            if (stepFormat != null) {
                options.stepFormat(stepFormat);
            }
        }

        @Override
        Function<Dataset<Row>, Dataset<Row>> judging(SparkJudge judge) {
            return judge::steps;
        }
    }
}
