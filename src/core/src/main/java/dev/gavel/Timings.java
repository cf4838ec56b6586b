package dev.gavel;

import java.time.Duration;

/**
 * Where the time of one judgment went.
 *
 * @param queued           the longest wait of its engine requests before admission
 * @param timeToFirstToken the earliest first sampled token of its requests, from submission
 * @param total            wall time from the call to the combined result
 */
public record Timings(Duration queued, Duration timeToFirstToken, Duration total) {
}
