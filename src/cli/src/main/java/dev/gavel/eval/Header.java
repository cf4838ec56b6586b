package dev.gavel.eval;

import java.time.Instant;

/** What every report starts with: which benchmark, data and predictions, and when. */
record Header(Preset preset, String dataset, String predictions, Instant timestamp) {
}
