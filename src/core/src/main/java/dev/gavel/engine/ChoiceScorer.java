package dev.gavel.engine;

import dev.gavel.ScoreDistribution;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Records, for one choice, the model's probabilities over the allowed tokens at each position it
 * went through, and turns them into a {@link ScoreDistribution} (definitions there). The first
 * position is measured against the full softmax over the vocabulary; later ones are conditionals
 * renormalised over the tokens allowed there.
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
        double[] mass = new double[trie.options().size()];
        distribute(startNode, allowedMass, mass);
        return new ScoreDistribution(trie.options(), mass, allowedMass);
    }

    private void distribute(int node, double weight, double[] out) {
        int[] reachable = trie.reachableOptions(node);
        if (reachable.length == 1) {
            out[reachable[0]] += weight;
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
                distribute(trie.walk(node, b, 0, b.length), w, out);
            }
        }
    }
}
