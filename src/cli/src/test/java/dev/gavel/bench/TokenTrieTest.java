package dev.gavel.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The needed-prompt-token count: distinct prefixes, counted by hand. */
class TokenTrieTest {

    @Test
    void sharedPrefixesCountOnce() {
        // [1 2 3 4] = 4 new; [1 2 5] shares "1 2" = 1 new; [1 2 3 4] again = 0 new;
        // [7 2 3] shares nothing = 3 new; [1 2 3 4 6] extends the first = 1 new. Total 9.
        TokenTrie trie = new TokenTrie();
        assertEquals(4, trie.add(new int[]{1, 2, 3, 4}));
        assertEquals(1, trie.add(new int[]{1, 2, 5}));
        assertEquals(0, trie.add(new int[]{1, 2, 3, 4}));
        assertEquals(3, trie.add(new int[]{7, 2, 3}));
        assertEquals(1, trie.add(new int[]{1, 2, 3, 4, 6}));
        assertEquals(9, trie.size());
    }

    @Test
    void staticHelperMatchesAndPrefixOfAnotherPromptIsFree() {
        assertEquals(5, TokenTrie.neededTokens(List.of(new int[]{1, 2, 3}, new int[]{1, 2}, new int[]{1, 4, 5})));
        assertEquals(0, TokenTrie.neededTokens(List.of()));
    }
}
