package dev.gavel.llama;

import dev.gavel.gguf.GgmlType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KV cache types a context accepts, checked in Java before llama.cpp sees them. */
class ContextOptionsTest {

    @Test
    void aTensorTypeThatCannotHoldAKvCacheIsRefused() {
        ContextOptions defaults = ContextOptions.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> defaults.withKvTypes(GgmlType.Q4_K, GgmlType.F16));
        assertTrue(e.getMessage().contains("Q4_K"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.withKvTypes(GgmlType.F16, GgmlType.I32));
    }

    @Test
    void aQuantizedValueCacheNeedsFlashAttention() {
        ContextOptions defaults = ContextOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> defaults.withKvTypes(GgmlType.Q8_0, GgmlType.Q8_0));
        ContextOptions flash = defaults.withFlashAttention(true).withKvTypes(GgmlType.Q8_0, GgmlType.Q8_0);
        assertEquals(GgmlType.Q8_0, flash.typeV());
    }
}
