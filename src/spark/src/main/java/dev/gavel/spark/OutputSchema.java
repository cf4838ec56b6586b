package dev.gavel.spark;

import dev.gavel.JudgeTask;
import dev.gavel.judge.JudgeOptions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a result Dataset: the fields of the CLI's output records (docs/cli.md), one
 * column per field, nested objects as structs and option-to-probability objects as maps. Which
 * columns exist follows the task and the options, as the CLI's fields do (the sample columns
 * only with more than one sample). Rows that failed carry {@code error}, {@code error_type}, the
 * input {@code row} and {@code duplicate}; their verdict columns are null.
 */
final class OutputSchema {
    private static final DataType DISTRIBUTION = DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType);

    private OutputSchema() {
    }

    static StructType of(JudgeTask task, JudgeOptions options) {
        List<StructField> f = new ArrayList<>();
        f.add(field("id", DataTypes.StringType));
        switch (task) {
            case ABSOLUTE -> {
                f.add(field("score", DataTypes.IntegerType));
                f.add(field("distribution", DISTRIBUTION));
                f.add(field("expected_score", DataTypes.DoubleType));
                f.add(field("feedback", DataTypes.StringType));
                f.add(field("format_adherence", DataTypes.DoubleType));
                f.add(field("elided", DataTypes.BooleanType));
                if (options.samples() > 1) {
                    f.add(field("majority_score", DataTypes.IntegerType));
                    f.add(field("mean_score", DataTypes.DoubleType));
                    f.add(field("samples", DataTypes.createArrayType(struct(
                            field("score", DataTypes.IntegerType),
                            field("seed", DataTypes.LongType),
                            field("distribution", DISTRIBUTION),
                            field("feedback", DataTypes.StringType)))));
                }
            }
            case PAIRWISE -> {
                f.add(field("winner", DataTypes.StringType));
                f.add(field("probability_a", DataTypes.DoubleType));
                f.add(field("consistent", DataTypes.BooleanType));
                f.add(field("feedback", DataTypes.StringType));
                StructType order = struct(
                        field("winner", DataTypes.StringType),
                        field("probability_a", DataTypes.DoubleType),
                        field("distribution", DISTRIBUTION),
                        field("feedback", DataTypes.StringType));
                f.add(field("forward", order));
                f.add(field("reversed", order));
            }
            case STEPS -> {
                f.add(field("step", DataTypes.IntegerType));
                f.add(field("distribution", DISTRIBUTION));
                f.add(field("feedback", DataTypes.StringType));
            }
        }
        f.add(field("model_sha256", DataTypes.StringType));
        f.add(field("tokens", struct(
                field("prompt", DataTypes.IntegerType),
                field("reused", DataTypes.IntegerType),
                field("generated", DataTypes.IntegerType),
                field("requests", DataTypes.IntegerType))));
        f.add(field("timings_ms", struct(
                field("queued", DataTypes.DoubleType),
                field("first_token", DataTypes.DoubleType),
                field("total", DataTypes.DoubleType))));
        f.add(field("provenance", struct(
                field("model_name", DataTypes.StringType),
                field("architecture", DataTypes.StringType),
                field("quantization", DataTypes.StringType),
                field("format", DataTypes.StringType),
                field("template_sha256", DataTypes.StringType),
                field("chat_template", DataTypes.StringType),
                field("mode", DataTypes.StringType),
                field("samples", DataTypes.IntegerType),
                field("temperature", DataTypes.FloatType),
                field("top_k", DataTypes.IntegerType),
                field("top_p", DataTypes.FloatType),
                field("min_p", DataTypes.FloatType),
                field("seed", DataTypes.LongType),
                field("gavel_version", DataTypes.StringType))));
        f.add(field(Records.ERROR, DataTypes.StringType));
        f.add(field(Records.ERROR_TYPE, DataTypes.StringType));
        f.add(field(Records.ROW, DataTypes.LongType));
        f.add(field(Records.DUPLICATE, DataTypes.BooleanType));
        return DataTypes.createStructType(f);
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    private static StructType struct(StructField... fields) {
        return DataTypes.createStructType(fields);
    }
}
