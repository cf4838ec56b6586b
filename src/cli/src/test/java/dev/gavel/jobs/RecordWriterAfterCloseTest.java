package dev.gavel.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The output writer after close: closing again is a no-op, writing throws {@link IllegalStateException}. */
class RecordWriterAfterCloseTest {
    @TempDir
    Path dir;

    @Test
    void writeAfterCloseThrows() throws Exception {
        RecordWriter w = ResumableOutput.open(dir.resolve("out.jsonl"), ResumableOutput.Mode.NEW, false, false).writer();
        w.close();
        assertDoesNotThrow(w::close);
        assertThrows(IllegalStateException.class, () -> w.write(new ObjectMapper().createObjectNode().put("id", "x")));
    }
}
