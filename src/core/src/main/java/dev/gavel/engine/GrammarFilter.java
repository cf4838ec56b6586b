package dev.gavel.engine;

import dev.gavel.llama.GrammarSampler;

/** Adapts llama.cpp's GBNF grammar sampler to the decoding side's {@link TokenFilter}. */
final class GrammarFilter implements TokenFilter {
    private final GrammarSampler sampler;

    GrammarFilter(GrammarSampler sampler) {
        this.sampler = sampler;
    }

    @Override
    public void apply(float[] logits) {
        sampler.apply(logits);
    }

    @Override
    public void accept(int token) {
        sampler.accept(token);
    }

    @Override
    public void close() {
        sampler.close();
    }
}
