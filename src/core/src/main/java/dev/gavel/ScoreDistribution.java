package dev.gavel;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The judge model's belief over the options of a constrained choice, read from its logits at the
 * choice rather than from the one option it emitted.
 *
 * <p>{@code optionMass[i]} is the probability, under the full softmax over the whole vocabulary
 * (temperature 1, whatever the sampling temperature), that the model produces option {@code i} at
 * this position. Several tokens can realise the same option ({@code "5"} and {@code " 5"}); their
 * probabilities are summed. For options spanning several tokens the probability is taken along
 * the decoded path: each allowed token at the first position gives its mass to the options it can
 * still lead to; a token that leads to one option only gives it all; a token shared by several
 * options ({@code "1"} for {@code "1"}, {@code "10"}, {@code "12"}) has its mass split by the
 * model's conditional probabilities at the next position, renormalised over the tokens allowed
 * there (an end-of-generation token closing the shorter option). Those conditionals are only
 * observed where the model actually went; a shared token off that path reuses the conditionals
 * of an observed position with the same remaining options and suffixes ({@code " 1"} behaves as
 * {@code "1"}), and otherwise splits its mass evenly among the options it can reach.
 *
 * <p>What Gavel shows is the renormalised distribution: {@link #probabilities()} (also what
 * {@link #toString()} prints and the {@code distribution} field of the command line's records),
 * summing to 1 over the options. The raw masses stay available for the share of the model's
 * belief that went to well-formed answers at all ({@link #allowedMass()}).
 *
 * @param options     the options, in the order of the constraint
 * @param optionMass  unnormalised probability of each option, as above; they sum to {@code allowedMass}
 * @param allowedMass total probability of the tokens the constraint allowed at the first position:
 *                    how much the model wanted to answer in the expected format
 */
public record ScoreDistribution(List<String> options, double[] optionMass, double allowedMass) {

    public ScoreDistribution {
        options = List.copyOf(options);
        Objects.requireNonNull(optionMass, "optionMass");
        if (optionMass.length != options.size()) {
            throw new IllegalArgumentException("one mass per option expected");
        }
        optionMass = optionMass.clone();
        for (double m : optionMass) {
            if (!(m >= 0)) {
                throw new IllegalArgumentException("option masses must be >= 0: " + Arrays.toString(optionMass));
            }
        }
        if (!(allowedMass >= 0)) {
            throw new IllegalArgumentException("allowedMass must be >= 0: " + allowedMass);
        }
    }

    @Override
    public double[] optionMass() {
        return optionMass.clone();
    }

    /** Probability of option {@code i} under the full softmax (see the class comment). */
    public double mass(int i) {
        return optionMass[i];
    }

    /** The distribution renormalised over the options; uniform when the model gave them no mass. */
    public double[] normalized() {
        double total = 0;
        for (double m : optionMass) {
            total += m;
        }
        double[] p = new double[optionMass.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = total > 0 ? optionMass[i] / total : 1.0 / p.length;
        }
        return p;
    }

    /**
     * Option to renormalised probability, in the options' order: the distribution as the command
     * line writes it. Unmodifiable.
     */
    public java.util.Map<String, Double> probabilities() {
        double[] p = normalized();
        java.util.LinkedHashMap<String, Double> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            out.put(options.get(i), p[i]);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Renormalised probability of option {@code i}. */
    public double probability(int i) {
        return normalized()[i];
    }

    /** Expected value over the renormalised distribution; empty when an option is not a number. */
    public OptionalDouble expectedValue() {
        double[] p = normalized();
        double ev = 0;
        for (int i = 0; i < p.length; i++) {
            double v;
            try {
                v = Double.parseDouble(options.get(i).strip());
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
            ev += p[i] * v;
        }
        return OptionalDouble.of(ev);
    }

    /** Index of the most probable option; ties go to the earlier option. */
    public int argmaxIndex() {
        int best = 0;
        for (int i = 1; i < optionMass.length; i++) {
            if (optionMass[i] > optionMass[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The most probable option; ties go to the earlier option. */
    public String argmax() {
        return options.get(argmaxIndex());
    }

    /** Shannon entropy of the renormalised distribution, in nats. */
    public double entropy() {
        double h = 0;
        for (double p : normalized()) {
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreDistribution d && options.equals(d.options)
                && Arrays.equals(optionMass, d.optionMass)
                && Double.compare(allowedMass, d.allowedMass) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(options, Arrays.hashCode(optionMass), allowedMass);
    }

    /** The renormalised probabilities, as {@link #probabilities()}, then the allowed mass. */
    @Override
    public String toString() {
        return probabilities() + " (allowed mass " + allowedMass + ")";
    }
}
