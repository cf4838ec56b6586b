package dev.gavel.engine;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-vocabulary tables the decoding policy reads on every step, built once and shared by all
 * requests on that vocabulary: every token's bytes, the end-of-generation ids, and the
 * allowed-token arrays of each choice trie and marker guard, keyed by option set. Thread-safe;
 * entries are computed on first use and never evicted (option sets of a judge are few).
 */
public final class MaskCache {

    private final TokenVocabulary vocabulary;
    private final byte[][] tokenBytes;
    private final boolean[] endOfGeneration;
    private final int[] endOfGenerationIds;
    /** Non-control tokens with non-empty bytes, bucketed by first byte: only they can continue a choice. */
    private final int[][] byFirstByte;
    private final ConcurrentHashMap<List<String>, ChoiceTrie> tries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MarkerKey, MarkerGuard> guards = new ConcurrentHashMap<>();

    private record MarkerKey(String markerCore, List<String> options) {
    }

    public MaskCache(TokenVocabulary vocabulary) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        int n = vocabulary.size();
        if (n <= 0) {
            throw new IllegalArgumentException("empty vocabulary");
        }
        tokenBytes = new byte[n][];
        endOfGeneration = new boolean[n];
        int eogCount = 0;
        int[] bucketSize = new int[256];
        boolean[] control = new boolean[n];
        for (int t = 0; t < n; t++) {
            byte[] b = vocabulary.tokenBytes(t);
            tokenBytes[t] = b == null ? new byte[0] : b.clone();
            endOfGeneration[t] = vocabulary.isEndOfGeneration(t);
            control[t] = vocabulary.isControl(t);
            if (endOfGeneration[t]) {
                eogCount++;
            }
            if (!control[t] && tokenBytes[t].length > 0) {
                bucketSize[tokenBytes[t][0] & 0xff]++;
            }
        }
        endOfGenerationIds = new int[eogCount];
        byFirstByte = new int[256][];
        for (int c = 0; c < 256; c++) {
            byFirstByte[c] = new int[bucketSize[c]];
        }
        int[] fill = new int[256];
        int e = 0;
        for (int t = 0; t < n; t++) {
            if (endOfGeneration[t]) {
                endOfGenerationIds[e++] = t;
            }
            if (!control[t] && tokenBytes[t].length > 0) {
                int c = tokenBytes[t][0] & 0xff;
                byFirstByte[c][fill[c]++] = t;
            }
        }
    }

    public TokenVocabulary vocabulary() {
        return vocabulary;
    }

    int size() {
        return tokenBytes.length;
    }

    /** Shared, never to be modified: the bytes of each token. */
    byte[][] tokenBytesTable() {
        return tokenBytes;
    }

    /** Shared, never to be modified. */
    boolean[] endOfGenerationTable() {
        return endOfGeneration;
    }

    /** Shared, never to be modified; sorted ascending. */
    int[] endOfGenerationIds() {
        return endOfGenerationIds;
    }

    int[] tokensStartingWith(int firstByte) {
        return byFirstByte[firstByte];
    }

    ChoiceTrie trie(List<String> options) {
        return tries.computeIfAbsent(List.copyOf(options), o -> ChoiceTrie.build(o, this));
    }

    MarkerGuard guard(String markerCore, List<String> options) {
        return guards.computeIfAbsent(new MarkerKey(markerCore, List.copyOf(options)),
                k -> MarkerGuard.build(k.markerCore(), trie(k.options()), this));
    }
}
