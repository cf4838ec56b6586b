/**
 * Hugging Face tokenizers next to llama.cpp's: {@link dev.gavel.tokenize.HfTokenizer} runs a
 * model's tokenizer.json through DJL (offline; trusted and untrusted encoding);
 * {@link dev.gavel.tokenize.TokenizerParity} reports every text llama.cpp tokenizes differently,
 * on texts from a file or the parity corpus (dev.gavel.data.ParityCorpus, in the CLI module) built from the benchmark
 * data; {@link dev.gavel.tokenize.PromptTokenizer} turns a rendered judge prompt into ids with
 * either tokenizer, so a judge can read exactly what it was trained on; and
 * {@link dev.gavel.tokenize.TokenBudgetPlanner} counts a run's tokens, prefix-cache savings and
 * context fit before any model is loaded. See docs/tokenizers.md.
 */
package dev.gavel.tokenize;
