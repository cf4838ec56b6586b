package dev.gavel.tokenize;

import java.util.List;

/**
 * One text the two tokenizers split differently.
 *
 * @param index       the text's position in the compared list
 * @param text        the text
 * @param position    index of the first token that differs (a missing token counts as different)
 * @param llamaLength number of llama.cpp tokens
 * @param hfLength    number of Hugging Face tokens
 * @param windowStart token index where both windows start
 * @param llamaPieces llama.cpp's pieces from {@code windowStart} to a few tokens past the difference
 * @param hfPieces    Hugging Face's pieces over the same token range
 * @param llamaIds    llama.cpp's ids over that range
 * @param hfIds       Hugging Face's ids over that range
 */
public record ParityMismatch(int index, String text, int position, int llamaLength, int hfLength, int windowStart,
                             List<String> llamaPieces, List<String> hfPieces, List<Integer> llamaIds,
                             List<Integer> hfIds) {
    public ParityMismatch {
        llamaPieces = List.copyOf(llamaPieces);
        hfPieces = List.copyOf(hfPieces);
        llamaIds = List.copyOf(llamaIds);
        hfIds = List.copyOf(hfIds);
    }

    /** A few lines for people: the text (shortened), the position, both windows as quoted pieces. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("text #").append(index).append(": ").append(Pieces.quote(Pieces.shorten(text, 120))).append('\n');
        b.append("  first difference at token ").append(position).append(" (llama.cpp ").append(llamaLength)
                .append(" tokens, tokenizer.json ").append(hfLength).append(")\n");
        b.append("  llama.cpp      [").append(windowStart).append("..] ").append(Pieces.join(llamaPieces, llamaIds)).append('\n');
        b.append("  tokenizer.json [").append(windowStart).append("..] ").append(Pieces.join(hfPieces, hfIds));
        return b.toString();
    }
}
