package dev.gavel.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A radix tree over token sequences that records which KV sequence ids hold which token paths.
 * The engine inserts each sequence's prompt when it is admitted (before its KV is computed, so
 * that requests arriving together can wait for one prefill instead of repeating it) and removes it
 * when the sequence's cells are freed. Used only by the engine's loop thread.
 */
final class PrefixTree {
    /** The longest stored prefix of a query and one sequence id that holds it. */
    record Match(int length, int holder) {
        static final Match NONE = new Match(0, -1);
    }

    private static final class Node {
        int[] edge;           // tokens on the edge leading into this node
        final Map<Integer, Node> children = new HashMap<>();
        final ArrayList<Integer> holders = new ArrayList<>(2); // sequences whose path passes through this node

        Node(int[] edge) {
            this.edge = edge;
        }
    }

    private final Node root = new Node(new int[0]);
    private final Map<Integer, int[]> paths = new HashMap<>();

    /** Records that {@code sequence} holds exactly {@code tokens} (replacing what it held before). */
    void insert(int sequence, int[] tokens) {
        remove(sequence);
        int[] copy = tokens.clone();
        paths.put(sequence, copy);
        Node node = root;
        int i = 0;
        while (i < copy.length) {
            Node child = node.children.get(copy[i]);
            if (child == null) {
                child = new Node(Arrays.copyOfRange(copy, i, copy.length));
                node.children.put(copy[i], child);
                child.holders.add(sequence);
                return;
            }
            int common = commonLength(child.edge, copy, i);
            if (common < child.edge.length) {
                split(node, child, common);
                child = node.children.get(copy[i]);
            }
            child.holders.add(sequence);
            node = child;
            i += common;
        }
    }

    /** Forgets a sequence's path; a no-op for unknown ids. */
    void remove(int sequence) {
        int[] tokens = paths.remove(sequence);
        if (tokens == null) {
            return;
        }
        Node node = root;
        int i = 0;
        while (i < tokens.length) {
            Node child = node.children.get(tokens[i]);
            if (child == null) {
                return;
            }
            child.holders.remove(Integer.valueOf(sequence));
            if (child.holders.isEmpty()) {
                node.children.remove(tokens[i]);
                return;
            }
            node = child;
            i += child.edge.length;
        }
    }

    /**
     * The longest prefix of {@code query} that some sequence holds, preferring (among holders of
     * that length) the one {@code preference} ranks highest.
     */
    Match longestPrefix(int[] query, java.util.function.IntUnaryOperator preference) {
        Node node = root;
        int matched = 0;
        Node deepest = null;
        while (matched < query.length) {
            Node child = node.children.get(query[matched]);
            if (child == null) {
                break;
            }
            int common = commonLength(child.edge, query, matched);
            matched += common;
            deepest = child;
            if (common < child.edge.length) {
                break;
            }
            node = child;
        }
        if (deepest == null || matched == 0) {
            return Match.NONE;
        }
        int best = -1;
        int bestRank = Integer.MIN_VALUE;
        for (int holder : deepest.holders) {
            int rank = preference.applyAsInt(holder);
            if (best < 0 || rank > bestRank) {
                best = holder;
                bestRank = rank;
            }
        }
        return new Match(matched, best);
    }

    /** The tokens a sequence was recorded with, or null. */
    int[] path(int sequence) {
        return paths.get(sequence);
    }

    int size() {
        return paths.size();
    }

    private static void split(Node parent, Node child, int at) {
        Node middle = new Node(Arrays.copyOfRange(child.edge, 0, at));
        middle.holders.addAll(child.holders);
        child.edge = Arrays.copyOfRange(child.edge, at, child.edge.length);
        middle.children.put(child.edge[0], child);
        parent.children.put(middle.edge[0], middle);
    }

    private static int commonLength(int[] edge, int[] query, int offset) {
        int n = Math.min(edge.length, query.length - offset);
        int i = 0;
        while (i < n && edge[i] == query[offset + i]) {
            i++;
        }
        return i;
    }
}
