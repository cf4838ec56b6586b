package dev.gavel.eval;

import dev.gavel.data.DatasetPreset;
import java.time.Instant;

/** What every report starts with: which benchmark, data and predictions, and when. */
record Header(DatasetPreset preset, String dataset, String predictions, Instant timestamp) {
}
