package dev.gavel.eval;

/**
 * A bootstrap confidence interval.
 *
 * @param lower     lower bound
 * @param upper     upper bound
 * @param level     coverage, e.g. 0.95
 * @param resamples resamples drawn
 * @param defined   resamples on which the statistic was defined (not NaN); the bounds use only those
 */
public record ConfidenceInterval(double lower, double upper, double level, int resamples, int defined) {
}
