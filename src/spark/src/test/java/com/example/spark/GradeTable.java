package com.example.spark;

import dev.gavel.JudgeOptions;
import dev.gavel.Rubric;
import dev.gavel.batch.InputPreset;
import dev.gavel.spark.ModelSource;
import dev.gavel.spark.SparkJudge;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Grades the answers of a table with a local judge on every executor; args[0] is the model's SHA-256. */
public final class GradeTable {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("grade answers").getOrCreate();
        Rubric rubric = Rubric.of("Is the answer correct and complete?",
                "Wrong.", "Mostly wrong.", "Partly right.", "Right with small gaps.", "Right and complete.");
        SparkJudge judge = SparkJudge.builder(ModelSource.shared("/shared/models/judge.gguf", args[0]))
                .options(JudgeOptions.builder().mode(JudgeOptions.Mode.SCORE_ONLY).parallel(8).build())
                .fields(InputPreset.GENERIC.fields().withResponse("answer"))   // or .preset(InputPreset.LLMBAR)
                .rubric(rubric)                                                // one rubric for all rows, optional
                .partitions(64)
                .build();
        Dataset<Row> judged = judge.grade(spark.table("eval.items"));           // compare(...), steps(...)
        judged.write().parquet("eval/judgments");
    }
}
