/**
 * Judge prompt formats: request to {@link dev.gavel.format.JudgeConversation} (per format), then
 * to {@link dev.gavel.format.RenderedPrompt} (per chat template), as trusted and untrusted
 * segments plus the {@link dev.gavel.format.AnswerSpec} the engine decodes under. See
 * docs/formats.md.
 */
package dev.gavel.format;
