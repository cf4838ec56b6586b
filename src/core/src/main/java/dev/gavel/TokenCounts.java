package dev.gavel;

/**
 * Tokens behind one judgment, summed over the engine requests it took (k samples, two orders).
 *
 * @param prompt    prompt tokens over all requests (each request counts its whole prompt)
 * @param reused    of those, tokens whose KV came from the prefix cache instead of being computed
 * @param generated tokens appended after the prompts (feedback, marker, score)
 * @param requests  engine requests made
 */
public record TokenCounts(int prompt, int reused, int generated, int requests) {
    /** Prompt tokens actually computed. */
    public int computed() {
        return prompt - reused;
    }
}
