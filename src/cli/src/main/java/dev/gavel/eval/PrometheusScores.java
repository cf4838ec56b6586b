package dev.gavel.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.data.DatasetException;
import dev.gavel.data.JsonRecords;
import dev.gavel.data.Parsed;
import dev.gavel.data.RecordException;
import dev.gavel.data.ScoredItem;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads only the reference labels of a Prometheus direct-assessment file: the mean of the
 * {@code gpt4_score} list per record, with {@code category} as the category. The prompt itself is
 * not parsed here (instruction and response stay empty); the id is the 0-based record index, since
 * the file's {@code idx} is a question number shared by the four responses to each question.
 */
public final class PrometheusScores {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PrometheusScores() {
    }

    public static List<Parsed<ScoredItem>> load(Path file) throws DatasetException {
        return JsonRecords.load(file, (node, index) -> new ScoredItem(Integer.toString(index), "", "",
                meanScore(node.get("gpt4_score")), JsonRecords.optionalText(node, "category")));
    }

    private static double meanScore(JsonNode scores) {
        if (scores == null || scores.isNull()) {
            throw new RecordException("missing field 'gpt4_score'");
        }
        // some exports store the list as its Python/JSON text, "[5, 4, 5]"
        if (scores.isTextual()) {
            try {
                scores = MAPPER.readTree(scores.asText());
            } catch (java.io.IOException e) {
                throw new RecordException("field 'gpt4_score' is not a list of scores: " + scores);
            }
        }
        if (!scores.isArray() || scores.isEmpty()) {
            throw new RecordException("field 'gpt4_score' must be a non-empty list of scores, found " + scores);
        }
        double sum = 0;
        for (JsonNode s : scores) {
            if (!s.isNumber()) {
                throw new RecordException("field 'gpt4_score' holds a non-number: " + s);
            }
            sum += s.doubleValue();
        }
        return sum / scores.size();
    }
}
