package dev.gavel.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the prompt tokens a run really needs: the number of distinct token prefixes over all
 * prompts, i.e. the nodes of a token trie. A prefix shared by several prompts is counted once,
 * which is exactly what a perfect prefix cache would compute.
 */
public final class TokenTrie {
    private final Node root = new Node();
    private long nodes;

    private static final class Node {
        Map<Integer, Node> children;
    }

    /** Adds a prompt; returns how many of its tokens were new (not a prefix already added). */
    public int add(int[] tokens) {
        Node n = root;
        int added = 0;
        for (int t : tokens) {
            if (n.children == null) {
                n.children = new HashMap<>(4);
            }
            Node next = n.children.get(t);
            if (next == null) {
                next = new Node();
                n.children.put(t, next);
                added++;
            }
            n = next;
        }
        nodes += added;
        return added;
    }

    /** Distinct prefixes added so far: the prompt tokens a perfect prefix cache computes. */
    public long size() {
        return nodes;
    }

    /** The needed prompt tokens of a list of prompts. */
    public static long neededTokens(List<int[]> prompts) {
        TokenTrie trie = new TokenTrie();
        for (int[] p : prompts) {
            trie.add(p);
        }
        return trie.size();
    }
}
