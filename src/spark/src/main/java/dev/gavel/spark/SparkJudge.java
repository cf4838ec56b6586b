package dev.gavel.spark;

import dev.gavel.JudgeTask;
import dev.gavel.Rubric;
import dev.gavel.data.DatasetPreset;
import dev.gavel.data.InputFields;
import dev.gavel.format.JudgeFormats;
import dev.gavel.judge.JudgeOptions;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Grades the rows of a Spark {@link Dataset} with a local judge model, one judge per executor.
 *
 * <pre>{@code
 * SparkJudge judge = SparkJudge.builder(ModelSource.shared("/models/prometheus-7b-v2.0.Q4_K_M.gguf"))
 *         .options(JudgeOptions.builder().mode(JudgeMode.SCORE_ONLY).build())
 *         .rubric(rubric)
 *         .build();
 * judge.grade(spark.read().json("items.jsonl")).write().parquet("judgments");
 * }</pre>
 *
 * <p>The result has one row per input row, with the columns of the CLI's output records
 * ({@code id, score, distribution, expected_score, feedback, ..., model_sha256, tokens,
 * timings_ms, provenance}) and, for rows that could not be judged, {@code error},
 * {@code error_type} ({@link ErrorType}), {@code row} (the 0-based input position) and
 * {@code duplicate}. Input columns are read by the CLI's presets and field names
 * ({@link DatasetPreset}, {@link InputFields}); rows without an id are numbered by their position,
 * which for a Dataset read from one JSON file is the CLI's record index.
 *
 * <p><b>Work done at call time.</b> {@link #grade}, {@link #compare} and {@link #steps} check the
 * model on the driver (and ship it when asked), number the rows and look for repeated ids: two
 * light jobs over the input. The judging itself runs when the result is written or otherwise
 * evaluated; evaluate it once (write it, or persist it first), since every evaluation judges again.
 *
 * <p><b>Exactly one row per item.</b> Every input row gives exactly one output row in its
 * partition, whatever happens to single rows; a broken judge fails the task instead, and Spark
 * runs the whole partition again. Written through Spark's file commit protocol (Parquet, JSON
 * Lines), the result therefore holds one row per input row however often tasks were retried or
 * speculated, as long as the input itself reads back the same (files and tables do; persist a
 * non-deterministic input first). Requests of concurrent tasks batch together in the engine,
 * and llama.cpp's arithmetic differs in the last bits with the batch, so a retried partition can
 * differ from its first attempt by rounding, and in a score where two options nearly tie; with
 * {@code parallel(1)} and the prefix cache off, judgments are equal bit for bit.
 */
public final class SparkJudge {
    /** Duplicate ids beyond this count mean a wrong id column rather than a few repeated items. */
    static final int MAX_DUPLICATE_IDS = 100_000;

    private final ModelSource model;
    private final JudgeOptions options;
    private final DatasetPreset preset;
    private final InputFields fields;
    private final Rubric rubric;
    private final String criterion;
    private final int maxInFlightPerTask;
    private final int partitions;

    private SparkJudge(Builder b) {
        this.model = b.model;
        this.options = b.options;
        this.preset = b.preset;
        this.fields = b.fields;
        this.rubric = b.rubric;
        this.criterion = b.criterion;
        this.maxInFlightPerTask = b.maxInFlightPerTask;
        this.partitions = b.partitions;
    }

    /** A judge reading its model from this source, with default options and the tasks' default presets. */
    public static Builder builder(ModelSource model) {
        return new Builder(model);
    }

    /**
     * Grades each row's response on a rubric (absolute grading); the CLI's {@code gavel grade}.
     *
     * @throws GavelSparkException      when the model is missing or not the expected one (checked on the driver)
     * @throws IllegalArgumentException when the input lacks a required column, or the settings do not fit the task
     */
    public Dataset<Row> grade(Dataset<Row> items) {
        return judge(JudgeTask.ABSOLUTE, items);
    }

    /** Compares each row's two responses (pairwise); the CLI's {@code gavel compare}. Failures as for {@link #grade}. */
    public Dataset<Row> compare(Dataset<Row> pairs) {
        return judge(JudgeTask.PAIRWISE, pairs);
    }

    /** Finds each row's first wrong step; the CLI's {@code gavel steps}. Failures as for {@link #grade}. */
    public Dataset<Row> steps(Dataset<Row> solutions) {
        return judge(JudgeTask.STEPS, solutions);
    }

    /** The columns of the result of a task with these options. */
    public StructType resultSchema(JudgeTask task) {
        return OutputSchema.of(task, options);
    }

    private Dataset<Row> judge(JudgeTask task, Dataset<Row> items) {
        Objects.requireNonNull(items, "items");
        if (rubric != null && task != JudgeTask.ABSOLUTE) {
            throw new IllegalArgumentException("a rubric applies to grading only; " + task.name().toLowerCase()
                    + " rows are judged without one");
        }
        if (criterion != null && task != JudgeTask.PAIRWISE) {
            throw new IllegalArgumentException("a default criterion applies to comparisons only");
        }
        InputFields f = fieldsFor(task);
        requireColumns(task, f, items.schema());
        SparkSession spark = items.sparkSession();
        JudgeOptions resolved = withFilesResolved(withExecutorThreads(options, spark.sparkContext().getConf()));
        ModelFiles.Resolved m = ModelFiles.onDriver(model, spark.sparkContext());
        String corrupt = spark.conf().get("spark.sql.columnNameOfCorruptRecord", "_corrupt_record");
        boolean hasCorrupt = Arrays.asList(items.schema().fieldNames()).contains(corrupt);
        int window = maxInFlightPerTask > 0 ? maxInFlightPerTask : Math.max(4, resolved.parallelUpperBound() * 4);
        GradingSpec spec = new GradingSpec(task, resolved, f, rubric, criterion, m, window, hasCorrupt ? corrupt : null);

        JavaPairRDD<Row, Long> indexed = items.javaRDD().zipWithIndex();
        Map<String, Long> duplicates = duplicateIds(indexed, spec);
        if (partitions > 0) {
            // After numbering, so that ids by position stay the input's; the shuffle keeps each row's number.
            indexed = indexed.repartition(partitions);
        }
        Broadcast<Map<String, Long>> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(duplicates);
        JavaRDD<Row> graded = indexed.mapPartitions(new PartitionGrader(spec, shared));
        return spark.createDataFrame(graded, spec.outputSchema());
    }

    private InputFields fieldsFor(JudgeTask task) {
        if (fields != null) {
            return fields;
        }
        DatasetPreset p = preset != null ? preset : switch (task) {
            case ABSOLUTE -> DatasetPreset.PROMETHEUS;
            case PAIRWISE -> DatasetPreset.GENERIC;
            case STEPS -> DatasetPreset.PROCESSBENCH;
        };
        if (!p.supports(task)) {
            throw new IllegalArgumentException("preset " + p.id() + " does not hold " + task.name().toLowerCase()
                    + " items; use one of " + DatasetPreset.forTask(task).stream().map(DatasetPreset::id).toList());
        }
        return p.fields();
    }

    /** A column every row needs: missing from the schema, every row would fail, so say it once, now. */
    private static void requireColumns(JudgeTask task, InputFields f, StructType schema) {
        List<String> required = new ArrayList<>(List.of(f.instruction()));
        switch (task) {
            case ABSOLUTE -> { } // a Prometheus record may hold the whole prompt in its instruction
            case PAIRWISE -> required.addAll(List.of(f.responseA(), f.responseB()));
            case STEPS -> required.add(f.steps());
        }
        List<String> columns = Arrays.asList(schema.fieldNames());
        for (String c : required) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("the input has no column '" + c + "' (it has " + columns
                        + "): name the right one in the field names (InputFields, --*-field) or pick another preset");
            }
        }
    }

    /**
     * With threads left automatic, a judge would use every processor of its machine; an executor
     * given fewer cores ({@code spark.executor.cores}) uses those.
     */
    static JudgeOptions withExecutorThreads(JudgeOptions o, SparkConf conf) {
        if (o.threads() != 0 || !conf.contains("spark.executor.cores")) {
            return o;
        }
        return o.toBuilder().threads(conf.getInt("spark.executor.cores", 1)).build();
    }

    /**
     * Checks the prompt formats on the driver, so a misspelt format fails now rather than in every
     * task, and makes a format or tokenizer file named relative to the driver's directory absolute:
     * executors run in directories of their own.
     *
     * @throws IllegalArgumentException when a format is neither a built-in nor a readable template file
     */
    static JudgeOptions withFilesResolved(JudgeOptions o) {
        JudgeOptions.Builder b = o.toBuilder();
        b.format(checkedFormat(o.format()));
        b.stepFormat(checkedFormat(o.stepFormat()));
        if (o.huggingFaceTokenizer() != null) {
            b.huggingFaceTokenizer(o.huggingFaceTokenizer().toAbsolutePath());
        }
        return b.build();
    }

    private static String checkedFormat(String idOrPath) {
        try {
            JudgeFormats.resolve(idOrPath);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read judge format file " + idOrPath + ": " + e.getMessage(), e);
        }
        Path file = Path.of(idOrPath);
        return Files.isRegularFile(file) ? file.toAbsolutePath().toString() : idOrPath;
    }

    /** Ids used by more than one row, each with the index of the row that uses it first. */
    private static Map<String, Long> duplicateIds(JavaPairRDD<Row, Long> indexed, GradingSpec spec) {
        List<Tuple2<String, Tuple2<Long, Long>>> repeated = indexed
                .flatMapToPair(t -> {
                    String id = spec.id(t._1(), t._2());
                    return id == null ? java.util.Collections.emptyIterator()
                            : List.of(new Tuple2<>(id, new Tuple2<>(t._2(), 1L))).iterator();
                })
                .reduceByKey((a, b) -> new Tuple2<>(Math.min(a._1(), b._1()), a._2() + b._2()))
                .filter(t -> t._2()._2() > 1)
                // One job, whatever the partitions (take() would scan them in growing rounds), at most
                // the limit from each.
                .mapPartitions(it -> {
                    List<Tuple2<String, Tuple2<Long, Long>>> some = new ArrayList<>();
                    while (it.hasNext() && some.size() <= MAX_DUPLICATE_IDS) {
                        some.add(it.next());
                    }
                    return some.iterator();
                })
                .collect();
        if (repeated.size() > MAX_DUPLICATE_IDS) {
            throw new IllegalArgumentException("more than " + MAX_DUPLICATE_IDS + " ids are used by several rows: is the"
                    + " id column right? Ids must be unique so that every item has exactly one result row");
        }
        Map<String, Long> out = new HashMap<>();
        repeated.forEach(t -> out.put(t._1(), t._2()._1()));
        return out;
    }

    /** Builds a {@link SparkJudge}. */
    public static final class Builder {
        private final ModelSource model;
        private JudgeOptions options = JudgeOptions.defaults();
        private DatasetPreset preset;
        private InputFields fields;
        private Rubric rubric;
        private String criterion;
        private int maxInFlightPerTask;
        private int partitions;

        private Builder(ModelSource model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The judge options; {@code threads(0)} becomes {@code spark.executor.cores} when that is set. */
        public Builder options(JudgeOptions o) {
            this.options = Objects.requireNonNull(o, "options");
            return this;
        }

        /** The input layout (the CLI's {@code --preset}); default: the CLI's default for each task. */
        public Builder preset(DatasetPreset p) {
            this.preset = Objects.requireNonNull(p, "preset");
            return this;
        }

        /** Field names read from each row (the CLI's {@code --*-field} flags), instead of a preset's. */
        public Builder fields(InputFields f) {
            this.fields = Objects.requireNonNull(f, "fields");
            return this;
        }

        /** One rubric for every row (the CLI's {@code --rubric}), instead of each row's own. */
        public Builder rubric(Rubric r) {
            this.rubric = Objects.requireNonNull(r, "rubric");
            return this;
        }

        /** The criterion of pairwise rows that carry none (the CLI's {@code --criterion}). */
        public Builder criterion(String c) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("the criterion must not be blank");
            }
            this.criterion = c;
            return this;
        }

        /** Requests one task keeps submitted (default: 4 x parallel, at least 4, as the CLI). */
        public Builder maxInFlightPerTask(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxInFlightPerTask must be at least 1, got " + n);
            }
            this.maxInFlightPerTask = n;
            return this;
        }

        /**
         * Spreads the rows over this many tasks before judging (a single input file is often one
         * partition, and one partition is one task on one executor). Default: as the input is.
         */
        public Builder partitions(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, got " + n);
            }
            this.partitions = n;
            return this;
        }

        public SparkJudge build() {
            return new SparkJudge(this);
        }
    }
}
