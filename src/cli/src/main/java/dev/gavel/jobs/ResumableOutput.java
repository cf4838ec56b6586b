package dev.gavel.jobs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Opens a JSON Lines output file for a batch run: a fresh file, a replaced one, or one to resume.
 *
 * <p>Resuming reads every record already there and collects the keys of the items they account
 * for (see {@link OutputKeys}). A last line without its newline is what a killed process leaves
 * behind; it is cut off, so the item it belonged to is judged again and ends up with exactly one
 * record. A complete line that is not a Gavel record means someone else wrote the file: that is
 * refused rather than guessed at. With {@code retryErrors} the error records are removed first
 * (by writing the kept records to a temporary file and renaming it over the output), so those
 * items are judged again and still end with one record each.
 *
 * <p>The file is locked while open, so two runs cannot append to the same output.
 */
public final class ResumableOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to treat an output file that already exists. */
    public enum Mode {
        /** Refuse a non-empty existing file. */
        NEW,
        /** Continue the run that wrote it. */
        RESUME,
        /** Replace it. */
        OVERWRITE
    }

    /**
     * What was found in the output before this run appended to it.
     *
     * @param done           keys of the items that already have a record
     * @param records        records kept
     * @param errorRecords   error records among them (0 after retryErrors dropped them)
     * @param droppedErrors  error records removed for retrying
     * @param truncatedBytes bytes of a half-written last line that were cut off
     * @param judges         the judge configuration of the records kept, each with the line of its
     *                       first record (error records have none)
     */
    public record State(Set<String> done, int records, int errorRecords, int droppedErrors, long truncatedBytes,
                        Map<JudgeConfiguration, Integer> judges) {
        public State {
            done = Set.copyOf(done);
            judges = Map.copyOf(judges);
        }

        static State empty() {
            return new State(Set.of(), 0, 0, 0, 0, Map.of());
        }
    }

    private ResumableOutput() {
    }

    /**
     * Prepares the output file and opens a writer appending to it.
     *
     * @throws OutputException when the file cannot be created, is locked by another run, exists
     *                         without --resume/--overwrite, or holds lines that are not records
     */
    public static Opened open(Path file, Mode mode, boolean retryErrors, boolean syncEachRecord)
            throws OutputException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new OutputException("cannot create the directory of " + file + ": " + e.getMessage()
                    + "; choose an --output in a writable directory", e);
        }
        int dropped = mode == Mode.RESUME && retryErrors && Files.exists(file) ? dropErrorRecordsLocked(file) : 0;
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            lock(channel, file);
            State state;
            if (mode == Mode.OVERWRITE) {
                channel.truncate(0);
                state = State.empty();
            } else if (channel.size() == 0) {
                state = State.empty();
            } else if (mode == Mode.NEW) {
                throw new OutputException(file + " already exists and is not empty; pass --resume to continue"
                        + " that run, or --overwrite to start again from scratch");
            } else {
                state = scan(channel, file, dropped);
            }
            channel.position(channel.size());
            return new Opened(state, new RecordWriter(channel, file, syncEachRecord));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new OutputException("cannot open " + file + " for writing: " + e.getMessage()
                    + "; check the path and its permissions", e);
        } catch (OutputException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The state found in the output and the writer appending to it. */
    public record Opened(State state, RecordWriter writer) {
    }

    private static void lock(FileChannel channel, Path file) throws IOException, OutputException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new OutputException(file + " is being written by another gavel run; wait for it to finish"
                    + " or choose another --output");
        }
    }

    /** Cuts off a half-written last line, then reads the keys of every record. */
    private static State scan(FileChannel channel, Path file, int dropped) throws IOException, OutputException {
        long size = channel.size();
        long end = lastNewlineEnd(channel, size);
        long truncated = size - end;
        if (truncated > 0) {
            channel.truncate(end);
        }
        Set<String> done = new HashSet<>();
        Map<JudgeConfiguration, Integer> judges = new HashMap<>();
        int records = 0;
        int errors = 0;
        channel.position(0);
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = parseRecord(line, lineNo, file);
            done.add(OutputKeys.keyOf(record));
            records++;
            if (OutputKeys.isError(record)) {
                errors++;
            }
            JudgeConfiguration judge = JudgeConfiguration.ofRecord(record);
            if (judge != null) {
                judges.putIfAbsent(judge, lineNo);
            }
        }
        // Do not close the reader: that would close the channel the writer still needs.
        return new State(done, records, errors, dropped, truncated, judges);
    }

    private static JsonNode parseRecord(String line, int lineNo, Path file) throws OutputException {
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (JacksonException e) {
            record = null;
        }
        if (record == null || !record.isObject() || OutputKeys.keyOf(record) == null) {
            throw new OutputException("line " + lineNo + " of " + file + " is not a Gavel output record (a JSON"
                    + " object with an id); this file was not written by gavel or was edited. Fix or delete"
                    + " that line, or pass --overwrite to start again");
        }
        return record;
    }

    /** Position just after the last newline, or 0 when there is none. */
    private static long lastNewlineEnd(FileChannel channel, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = size;
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            pos -= n;
            buf.clear().limit(n);
            while (buf.hasRemaining()) {
                if (channel.read(buf, pos + buf.position()) < 0) {
                    throw new IOException("file shrank while reading");
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }

    /** {@link #dropErrorRecords} while holding the lock, so a run still writing the file is not disturbed. */
    private static int dropErrorRecordsLocked(Path file) throws OutputException {
        try (FileChannel guard = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            lock(guard, file);
            return dropErrorRecords(file);
        } catch (IOException e) {
            throw new OutputException("cannot open " + file + " to retry its errors: " + e.getMessage(), e);
        }
    }

    /** Rewrites the file without its error records, atomically, so their items are judged again. */
    private static int dropErrorRecords(Path file) throws OutputException {
        int[] dropped = {0};
        Path tmp = file.resolveSibling(file.getFileName() + ".retry-tmp");
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            String pending = null;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (pending != null) {
                    dropped[0] += keepUnlessError(pending, lineNo - 1, file, out);
                }
                pending = line;
            }
            if (pending != null) {
                // The last line may be half-written; scan() handles it after the rewrite, so keep it
                // only when it is a complete record and otherwise let it go.
                try {
                    dropped[0] += keepUnlessError(pending, lineNo, file, out);
                } catch (OutputException e) {
                    // half-written tail: dropped here, the item is judged again
                }
            }
        } catch (IOException e) {
            throw new OutputException("cannot rewrite " + file + " to retry its errors: " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OutputException("cannot replace " + file + " after removing its error records: "
                    + e.getMessage(), e);
        }
        return dropped[0];
    }

    /** Copies a record unless it is an error record; returns 1 when it dropped one. */
    private static int keepUnlessError(String line, int lineNo, Path file, BufferedWriter out)
            throws IOException, OutputException {
        if (line.isBlank()) {
            return 0;
        }
        if (OutputKeys.isError(parseRecord(line, lineNo, file))) {
            return 1;
        }
        out.write(line);
        out.write('\n');
        return 0;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already failing; the first error is the one reported
            }
        }
    }
}
