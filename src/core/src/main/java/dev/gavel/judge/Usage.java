package dev.gavel.judge;

import dev.gavel.Timings;
import dev.gavel.TokenCounts;
import dev.gavel.engine.Generation;

import java.time.Duration;
import java.util.List;

/** What the engine requests behind one judgment cost, summed over them (k samples, two orders). */
final class Usage {
    private Usage() {
    }

    static TokenCounts tokens(List<Generation> generations) {
        int prompt = 0;
        int reused = 0;
        int generated = 0;
        for (Generation g : generations) {
            prompt += g.promptTokens();
            reused += g.reusedTokens();
            generated += g.generatedTokens();
        }
        return new TokenCounts(prompt, reused, generated, generations.size());
    }

    /** The longest queueing, the earliest first token, and the wall time since {@code startNanos}. */
    static Timings timings(List<Generation> generations, long startNanos) {
        Duration queued = Duration.ZERO;
        Duration first = null;
        for (Generation g : generations) {
            queued = g.queued().compareTo(queued) > 0 ? g.queued() : queued;
            first = first == null || g.timeToFirstToken().compareTo(first) < 0 ? g.timeToFirstToken() : first;
        }
        return new Timings(queued, first == null ? Duration.ZERO : first, Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
