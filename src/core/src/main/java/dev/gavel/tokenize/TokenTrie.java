package dev.gavel.tokenize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trie over token sequences that counts its nodes: after inserting every prompt, {@link #size()}
 * is the number of distinct (prefix, token) positions, i.e. the prompt tokens an ideal prefix
 * cache computes once each. Not thread-safe.
 */
public final class TokenTrie {
    /** Child node id by (parent node id, token), packed into one long. Node 0 is the root. */
    private final Map<Long, Integer> children = new HashMap<>();
    private int nodes;

    /**
     * Inserts a sequence.
     *
     * @return how many of its tokens were new, i.e. not a prefix already in the trie
     */
    public int insert(int[] tokens) {
        int node = 0;
        int added = 0;
        for (int t : tokens) {
            long key = ((long) node << 32) | (t & 0xFFFFFFFFL);
            Integer child = children.get(key);
            if (child == null) {
                child = ++nodes;
                children.put(key, child);
                added++;
            }
            node = child;
        }
        return added;
    }

    /** Distinct tokens over all inserted sequences (nodes below the root). */
    public long size() {
        return nodes;
    }

    /** The distinct tokens of the sequences: what a perfect prefix cache computes of them. */
    public static long distinctTokens(List<int[]> sequences) {
        TokenTrie trie = new TokenTrie();
        sequences.forEach(trie::insert);
        return trie.size();
    }
}
