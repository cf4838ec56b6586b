package dev.gavel.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte trie over the surface forms of a choice's options (each option as given and with one
 * leading space), with the allowed token ids precomputed per node. A node is a byte prefix of at
 * least one form; a token is allowed at a node when all its bytes can be walked from it. Where a
 * complete option is also a strict prefix of another ({@code "1"} and {@code "10"}), the
 * end-of-generation tokens are allowed too and close the shorter option.
 *
 * <p>Each allowed token also has a <em>group</em>: where it leads in terms of options. A token
 * that settles one option (an end-of-generation token closing it, or bytes after which only that
 * option remains) is in that option's group, whatever its spelling ({@code "5"} and {@code " 5"}
 * together); a token after which several options remain is in the group of the equivalence class
 * of the node it reaches ({@code "1"} and {@code " 1"} for {@code "1"} and {@code "10"}). The
 * decoding policy decides among groups, so the option chosen and the distribution reported are
 * made of the same masses. Immutable once built.
 */
final class ChoiceTrie {

    static final int ROOT = 0;

    private final List<String> options;
    private final int[][] children;
    private final int[] terminalOption;
    private final int[][] reachableOptions;
    private final int[] equivalenceClass;
    private final int[][] allowed;
    /** Per node, aligned with {@link #allowed}: the group of each allowed token. */
    private final int[][] groups;
    /** Per class: the options a node of that class can still reach. */
    private final int[][] classReach;
    private final int[][] singletons;
    private final int maxSteps;

    private ChoiceTrie(List<String> options, int[][] children, int[] terminalOption, int[][] reachableOptions,
                       int[] equivalenceClass, int[][] allowed, int maxSteps) {
        this.options = options;
        this.children = children;
        this.terminalOption = terminalOption;
        this.reachableOptions = reachableOptions;
        this.equivalenceClass = equivalenceClass;
        this.allowed = allowed;
        this.groups = new int[children.length][];
        this.classReach = new int[classCountOf(equivalenceClass)][];
        for (int v = 0; v < children.length; v++) {
            classReach[equivalenceClass[v]] = reachableOptions[v];
        }
        this.singletons = new int[options.size()][];
        for (int i = 0; i < singletons.length; i++) {
            singletons[i] = new int[] {i};
        }
        this.maxSteps = maxSteps;
    }

    static ChoiceTrie build(List<String> options, MaskCache cache) {
        List<int[]> kids = new ArrayList<>();
        List<Integer> terminal = new ArrayList<>();
        // per node: "option index + remaining suffix" of every form through it; defines equivalence
        List<List<String>> suffixes = new ArrayList<>();
        kids.add(newChildren());
        terminal.add(-1);
        suffixes.add(new ArrayList<>());
        int longest = 0;
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            List<String> forms = Character.isWhitespace(o.charAt(0)) ? List.of(o) : List.of(o, " " + o);
            for (String form : forms) {
                byte[] b = form.getBytes(StandardCharsets.UTF_8);
                longest = Math.max(longest, b.length);
                int node = ROOT;
                for (int d = 0; d <= b.length; d++) {
                    suffixes.get(node).add(i + "\u0000" + new String(b, d, b.length - d, StandardCharsets.ISO_8859_1));
                    if (d == b.length) {
                        break;
                    }
                    int c = b[d] & 0xff;
                    if (kids.get(node)[c] < 0) {
                        kids.get(node)[c] = kids.size();
                        kids.add(newChildren());
                        terminal.add(-1);
                        suffixes.add(new ArrayList<>());
                    }
                    node = kids.get(node)[c];
                }
                if (terminal.get(node) >= 0) {
                    throw new IllegalArgumentException("options " + options.get(terminal.get(node)) + " and " + o
                            + " have the same surface form '" + form + "'");
                }
                terminal.set(node, i);
            }
        }
        int n = kids.size();
        int[][] children = kids.toArray(new int[0][]);
        int[] term = new int[n];
        int[][] reach = new int[n][];
        int[] cls = new int[n];
        Map<String, Integer> classes = new HashMap<>();
        for (int v = 0; v < n; v++) {
            term[v] = terminal.get(v);
            List<String> s = suffixes.get(v);
            reach[v] = s.stream().mapToInt(x -> Integer.parseInt(x.substring(0, x.indexOf('\u0000'))))
                    .distinct().sorted().toArray();
            List<String> sorted = new ArrayList<>(s);
            sorted.sort(null);
            cls[v] = classes.computeIfAbsent(String.join("\u0001", sorted), k -> classes.size());
        }
        ChoiceTrie trie = new ChoiceTrie(options, children, term, reach, cls, new int[n][], longest + 1);
        byte[][] bytes = cache.tokenBytesTable();
        for (int v = 0; v < n; v++) {
            trie.allowed[v] = trie.computeAllowed(v, bytes, cache);
            trie.groups[v] = trie.computeGroups(v, bytes, cache.endOfGenerationTable());
            if (trie.allowed[v].length == 0 && !trie.isLeafTerminal(v)) {
                throw new IllegalArgumentException("the vocabulary cannot produce the options " + options);
            }
            if (term[v] >= 0 && !trie.isLeafTerminal(v) && cache.endOfGenerationIds().length == 0) {
                throw new IllegalArgumentException("option " + options.get(term[v]) + " is a prefix of another"
                        + " and the vocabulary has no end-of-generation token to close it");
            }
        }
        return trie;
    }

    private static int[] newChildren() {
        int[] c = new int[256];
        Arrays.fill(c, -1);
        return c;
    }

    private int[] computeAllowed(int node, byte[][] bytes, MaskCache cache) {
        if (isLeafTerminal(node)) {
            return new int[0];
        }
        int count = 0;
        int[] out = new int[16];
        for (int c = 0; c < 256; c++) {
            if (children[node][c] < 0) {
                continue;
            }
            for (int t : cache.tokensStartingWith(c)) {
                byte[] b = bytes[t];
                if (walk(node, b, 0, b.length) >= 0) {
                    if (count == out.length) {
                        out = Arrays.copyOf(out, count * 2);
                    }
                    out[count++] = t;
                }
            }
        }
        if (terminalOption[node] >= 0) {
            for (int t : cache.endOfGenerationIds()) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = t;
            }
        }
        int[] result = Arrays.copyOf(out, count);
        Arrays.sort(result);
        return result;
    }

    private int[] computeGroups(int node, byte[][] bytes, boolean[] endOfGeneration) {
        int[] ids = allowed[node];
        int[] g = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            int t = ids[k];
            if (endOfGeneration[t]) {
                g[k] = terminalOption[node];
            } else {
                int next = walk(node, bytes[t], 0, bytes[t].length);
                g[k] = reachableOptions[next].length == 1 ? reachableOptions[next][0]
                        : options.size() + equivalenceClass[next];
            }
        }
        return g;
    }

    List<String> options() {
        return options;
    }

    int nodeCount() {
        return children.length;
    }

    /** The node reached from {@code node} over {@code b[from, to)}, or -1 when that leaves the trie. */
    int walk(int node, byte[] b, int from, int to) {
        for (int i = from; i < to && node >= 0; i++) {
            node = children[node][b[i] & 0xff];
        }
        return node;
    }

    /** Sorted ids allowed at {@code node}; shared, never to be modified. */
    int[] allowed(int node) {
        return allowed[node];
    }

    /** Index of the option whose form ends exactly at {@code node}, or -1. */
    int terminalOption(int node) {
        return terminalOption[node];
    }

    /** A complete option that no other option extends: the choice is made on reaching it. */
    boolean isLeafTerminal(int node) {
        return terminalOption[node] >= 0 && reachableOptions[node].length == 1 && !hasChildren(node);
    }

    private boolean hasChildren(int node) {
        for (int c : children[node]) {
            if (c >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Options still reachable from {@code node}; shared, never to be modified. */
    int[] reachableOptions(int node) {
        return reachableOptions[node];
    }

    /** Nodes with the same class have the same remaining (option, suffix) pairs. */
    int equivalenceClass(int node) {
        return equivalenceClass[node];
    }

    int classCount() {
        return classReach.length;
    }

    private static int classCountOf(int[] equivalenceClass) {
        int max = 0;
        for (int c : equivalenceClass) {
            max = Math.max(max, c);
        }
        return max + 1;
    }

    /**
     * Per allowed token of {@code node} (aligned with {@link #allowed}), its group: an option index
     * below {@code options().size()} when the token settles that option, otherwise
     * {@code options().size()} plus the class of the node it reaches. Shared, never to be modified.
     */
    int[] groups(int node) {
        return groups[node];
    }

    /** Groups there are: one per option, then one per equivalence class. */
    int groupCount() {
        return options.size() + classReach.length;
    }

    /** Whether {@code group} settles one option (rather than leading to a node where several remain). */
    boolean isOptionGroup(int group) {
        return group < options.size();
    }

    /** The options a group can still lead to; shared, never to be modified. */
    int[] groupReach(int group) {
        return isOptionGroup(group) ? singletons[group] : classReach[group - options.size()];
    }

    /** Upper bound on the tokens a choice takes: one per byte plus a closing end-of-generation. */
    int maxSteps() {
        return maxSteps;
    }
}
