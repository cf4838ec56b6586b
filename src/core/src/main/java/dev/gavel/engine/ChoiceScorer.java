package dev.gavel.engine;

import dev.gavel.ScoreDistribution;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Records, for one choice, the model's probabilities over the allowed tokens at each position it
 * went through, turns them into a {@link ScoreDistribution} (definitions there), and decides the
 * next token from those same numbers, so that the option chosen and the distribution reported are
 * one thing. The first position is measured against the full softmax over the vocabulary; later
 * ones are conditionals renormalised over the tokens allowed there.
 *
 * <p>The decision is made among the trie's token groups ({@link ChoiceTrie#groups}), never among
 * single tokens: {@code "1"} and {@code " 1"} are one way to answer 1, and a model that splits its
 * belief over the two spellings still believes in 1. Within the chosen group the most probable
 * token is taken.
 *
 * <ul>
 * <li>Greedy: the option chosen is the argmax of the distribution the choice ends with. Where
 *     options share a prefix ({@code "1"} and {@code "10"}) the conditionals after it are only
 *     known once the model is there, so the walk goes into the most probable group when that
 *     group leads to several options and reading their split could still change the argmax;
 *     otherwise it goes to the current argmax. If the split read after a shared prefix makes an
 *     option outside it the argmax, that option is chosen without spelling it (the surface then
 *     holds the prefix only): the reported argmax always wins over the path.
 * <li>Sampling: a group is drawn at each position with the sampling settings applied to the
 *     groups' masses (temperature, top-k, top-p, min-p over groups, not over tokens). At
 *     temperature 1 without filters this draws every option with exactly the probability the
 *     distribution gives it when the options need one position, and with the model's own
 *     probability (position by position) when they share a prefix.
 * </ul>
 */
final class ChoiceScorer {

    private final ChoiceTrie trie;
    private final byte[][] tokenBytes;
    private final boolean[] endOfGeneration;
    /** Per node: conditional probability of each of its allowed tokens, where observed. */
    private final double[][] conditional;
    /** Per equivalence class: the first observed node of that class, or -1. */
    private final int[] observedOfClass;
    private int startNode = -1;
    private double allowedMass;
    /** Set by {@link #pick} when the distribution settled an option the walk cannot reach. */
    private int decidedOption = -1;
    /** Weight that reached the sink class in the last {@link #distribute} with a sink. */
    private double sinkWeight;

    ChoiceScorer(ChoiceTrie trie, MaskCache cache) {
        this.trie = trie;
        this.tokenBytes = cache.tokenBytesTable();
        this.endOfGeneration = cache.endOfGenerationTable();
        this.conditional = new double[trie.nodeCount()][];
        this.observedOfClass = new int[trie.classCount()];
        Arrays.fill(observedOfClass, -1);
    }

    /** Records the logits seen at {@code node}, before the token there is chosen. */
    void observe(int node, MemorySegment logits, int vocab) {
        int[] allowed = trie.allowed(node);
        double[] p = new double[allowed.length];
        float max = Float.NEGATIVE_INFINITY;
        for (int t : allowed) {
            max = Math.max(max, logits.getAtIndex(TokenSampler.LOGIT, t));
        }
        double sum = 0;
        for (int k = 0; k < allowed.length; k++) {
            p[k] = max == Float.NEGATIVE_INFINITY ? 1.0
                    : FastExp.exp(logits.getAtIndex(TokenSampler.LOGIT, allowed[k]) - max);
            sum += p[k];
        }
        // NaN compares false, so this also catches NaN logits, and +inf ones (inf - inf is NaN).
        if (!(sum > 0 && sum < Double.POSITIVE_INFINITY)) {
            throw nonFinite();
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        if (startNode < 0) {
            startNode = node;
            double logZ = TokenSampler.logSumExp(logits, vocab);
            allowedMass = max == Float.NEGATIVE_INFINITY ? 0 : Math.min(1.0, FastExp.exp(max - logZ) * sum);
            if (Double.isNaN(allowedMass)) {
                throw nonFinite();
            }
        }
        conditional[node] = p;
        int c = trie.equivalenceClass(node);
        if (observedOfClass[c] < 0) {
            observedOfClass[c] = node;
        }
    }

    private static NonFiniteLogitsException nonFinite() {
        return new NonFiniteLogitsException("the model's logits at the score position are NaN or infinite, so it"
                + " gives no score; its weights are corrupt or overflow (check the file's SHA-256 against its source)");
    }

    ScoreDistribution distribution() {
        if (startNode < 0) {
            throw new IllegalStateException("no position of the choice was observed");
        }
        return new ScoreDistribution(trie.options(), estimate(), allowedMass);
    }

    /** The option masses as the observations so far give them. */
    private double[] estimate() {
        double[] mass = new double[trie.options().size()];
        distribute(startNode, allowedMass, mass, -1);
        return mass;
    }

    /**
     * The token to take at {@code node}, which {@link #observe} has just seen. Afterwards
     * {@link #decidedOption()} says whether the distribution already settled an option that the
     * token does not lead to (greedy only; see the class comment).
     */
    int pick(int node, TokenSampler sampler) {
        decidedOption = -1;
        int[] groups = trie.groups(node);
        double[] p = conditional[node];
        // the groups present here, in the order of their first token, with their masses
        int[] present = new int[groups.length];
        double[] mass = new double[groups.length];
        int n = 0;
        for (int k = 0; k < groups.length; k++) {
            int i = indexOf(present, n, groups[k]);
            if (i < 0) {
                i = n++;
                present[i] = groups[k];
            }
            mass[i] += p[k];
        }
        int group;
        if (sampler.isGreedy()) {
            group = greedyGroup(present, mass, n);
        } else {
            group = present[sampler.pickWeighted(mass, n)];
        }
        return trie.allowed(node)[bestTokenIndex(groups, p, group)];
    }

    /** The option {@link #pick} settled without leading to it, or -1. */
    int decidedOption() {
        return decidedOption;
    }

    /** The greedy group, or -1 after setting {@link #decidedOption} when none leads to the argmax. */
    private int greedyGroup(int[] present, double[] mass, int n) {
        double[] d = estimate();
        int target = argmax(d);
        int heaviest = 0;
        for (int i = 1; i < n; i++) {
            if (heavier(present[i], mass[i], present[heaviest], mass[heaviest])) {
                heaviest = i;
            }
        }
        int h = present[heaviest];
        if (trie.isOptionGroup(h) ? h == target : couldDecide(h, d, target)) {
            return h;
        }
        int toward = -1;
        for (int i = 0; i < n; i++) {
            int g = present[i];
            if (g == target) {
                return g;
            }
            if (!trie.isOptionGroup(g) && contains(trie.groupReach(g), target)
                    && (toward < 0 || mass[i] > mass[toward])) {
                toward = i;
            }
        }
        if (toward >= 0) {
            return present[toward];
        }
        decidedOption = target;
        return -1;
    }

    /** Heavier mass first; on equal mass a group that settles an option, then the lower group. */
    private boolean heavier(int g, double m, int other, double otherMass) {
        if (m != otherMass) {
            return m > otherMass;
        }
        boolean option = trie.isOptionGroup(g);
        if (option != trie.isOptionGroup(other)) {
            return option;
        }
        return g < other;
    }

    /**
     * Whether reading the split of class group {@code g} could make one of its options the argmax:
     * always when it holds the current argmax, otherwise when its best option plus all the weight
     * flowing into that class could pass the best option outside it.
     */
    private boolean couldDecide(int g, double[] d, int target) {
        int[] reach = trie.groupReach(g);
        if (contains(reach, target)) {
            return true;
        }
        double[] fixed = new double[d.length];
        sinkWeight = 0;
        distribute(startNode, allowedMass, fixed, g - trie.options().size());
        double inside = 0;
        double outside = 0;
        for (int o = 0; o < fixed.length; o++) {
            if (contains(reach, o)) {
                inside = Math.max(inside, fixed[o]);
            } else {
                outside = Math.max(outside, fixed[o]);
            }
        }
        return inside + sinkWeight >= outside;
    }

    /** The most probable token of {@code group} (any group when -1); ties go to the lower id. */
    private static int bestTokenIndex(int[] groups, double[] p, int group) {
        int best = -1;
        for (int k = 0; k < groups.length; k++) {
            if ((group < 0 || groups[k] == group) && (best < 0 || p[k] > p[best])) {
                best = k;
            }
        }
        return best;
    }


    /** Index of the largest mass; ties go to the earlier option, as {@link ScoreDistribution#argmaxIndex}. */
    private static int argmax(double[] d) {
        int best = 0;
        for (int i = 1; i < d.length; i++) {
            if (d[i] > d[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int indexOf(int[] a, int n, int x) {
        for (int i = 0; i < n; i++) {
            if (a[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(int[] a, int x) {
        return indexOf(a, a.length, x) >= 0;
    }

    /**
     * Adds to {@code out} the mass {@code weight} at {@code node} gives each option. With
     * {@code sinkClass >= 0}, weight reaching a node of that class (where several options remain)
     * is added to {@link #sinkWeight} instead.
     */
    private void distribute(int node, double weight, double[] out, int sinkClass) {
        int[] reachable = trie.reachableOptions(node);
        if (reachable.length == 1) {
            out[reachable[0]] += weight;
            return;
        }
        if (trie.equivalenceClass(node) == sinkClass) {
            sinkWeight += weight;
            return;
        }
        int observed = conditional[node] != null ? node : observedOfClass[trie.equivalenceClass(node)];
        if (observed < 0) {
            for (int o : reachable) {
                out[o] += weight / reachable.length;
            }
            return;
        }
        // Same class means the same remaining suffixes, so the observed node's tokens walk from here too.
        int[] allowed = trie.allowed(observed);
        double[] p = conditional[observed];
        for (int k = 0; k < allowed.length; k++) {
            double w = weight * p[k];
            if (w == 0) {
                continue;
            }
            int t = allowed[k];
            if (endOfGeneration[t]) {
                out[trie.terminalOption(node)] += w;
            } else {
                byte[] b = tokenBytes[t];
                distribute(trie.walk(node, b, 0, b.length), w, out, sinkClass);
            }
        }
    }
}
