package dev.gavel;

/** The outcome of a pairwise comparison, in terms of the request's own responses. */
public enum Winner {
    /** {@link PairwiseRequest#responseA()} is better. */
    A,
    /** {@link PairwiseRequest#responseB()} is better. */
    B,
    /** No reliable preference (only when ties are allowed). */
    TIE
}
