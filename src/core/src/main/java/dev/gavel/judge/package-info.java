/**
 * The judge: {@link dev.gavel.judge.Judge} opens a model and answers absolute, pairwise and step
 * requests; {@link dev.gavel.judge.recipe.JudgeRecipe} is the one way a request becomes prompt ids and an
 * engine spec (the judge, the benchmark and {@code gavel plan} share it); inside, the prompt is
 * fitted to the context (eliding response middles when asked), samples and presentation orders
 * are aggregated, and engine failures become typed {@link dev.gavel.JudgeException}s. Built on
 * {@code format}, {@code tokenize} and {@code engine}; nothing below imports it.
 */
package dev.gavel.judge;

