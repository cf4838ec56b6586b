package dev.gavel.eval;

import dev.gavel.data.DatasetPreset;
import dev.gavel.data.DatasetException;
import dev.gavel.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The harness must reproduce the figures PandaLM publishes for its two judges on its v1 test set
 * (README and data/compute_metrics.py): GPT-3.5 71.07 / macro-F1 57.55, PandaLM-7B 66.77 / 57.43.
 * Getting there depends on PandaLM's conventions: majority vote of three annotators, "garbage"
 * answers counted as tie predictions, macro average over 0/1/2.
 */
class PandaLmReproductionTest {
    private final Evaluator evaluator = new Evaluator(new Bootstrap(200, 0.95, 7),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private EvalReport run(String predictions) throws DatasetException {
        Path testset = SharedFixtures.data("pandalm_testset_v1.json");
        Path preds = SharedFixtures.data(predictions);
        return evaluator.evaluate(DatasetPreset.PANDALM, testset, new FilePredictions(preds));
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    @Test
    void gpt35TurboFigures() throws DatasetException {
        EvalReport r = run("pandalm_predictions_gpt35turbo.json");
        assertEquals("71.07", pct(r.metric("accuracy").value()));
        assertEquals("57.55", pct(r.metric("macro_f1").value()));
        // PandaLM's script also prints precision 0.5879 and recall 0.5736
        assertEquals("58.79", pct(r.metric("macro_precision").value()));
        assertEquals("57.36", pct(r.metric("macro_recall").value()));
        assertEquals(999, r.counts().get("matched"));
        assertEquals(25, r.counts().get("unparsed"));
        assertEquals(0, r.counts().get("errors"));
    }

    @Test
    void pandaLm7bFigures() throws DatasetException {
        EvalReport r = run("pandalm_predictions_pandalm7b.json");
        assertEquals("66.77", pct(r.metric("accuracy").value()));
        assertEquals("57.43", pct(r.metric("macro_f1").value()));
        assertEquals("57.38", pct(r.metric("macro_precision").value()));
        assertEquals("57.50", pct(r.metric("macro_recall").value()));
        assertEquals(0, r.counts().get("unparsed"));
    }

    @Test
    void intervalsBracketTheEstimate() throws DatasetException {
        EvalReport r = run("pandalm_predictions_pandalm7b.json");
        Metric acc = r.metric("accuracy");
        ConfidenceInterval ci = acc.ci().orElseThrow();
        assertEquals(true, ci.lower() < acc.value() && acc.value() < ci.upper(), ci.toString());
        // a 999-item proportion near 0.67 has a standard error of about 0.015: the interval is ~±0.03
        assertEquals(0.06, ci.upper() - ci.lower(), 0.02);
    }
}
