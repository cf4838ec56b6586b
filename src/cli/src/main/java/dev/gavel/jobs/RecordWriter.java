package dev.gavel.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Appends records to the output file from one writer thread, so records completed concurrently
 * never interleave. Each record goes to the operating system as one whole line in one write as
 * soon as it arrives: a process killed at any moment leaves complete lines plus at most one
 * half-written last line, which {@link ResumableOutput} repairs on resume. A write that fails (disk
 * full, quota, file size limit) is cut back to the last whole record and stops the writer; the
 * records it had not written belong to items that --resume judges again. With
 * {@code syncEachRecord} every line is also forced to the disk (survives power loss, slower).
 */
public final class RecordWriter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel channel;
    private final Path file;
    private final boolean sync;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gavel-output-writer");
        t.setDaemon(true);
        return t;
    });
    private volatile IOException failure;
    private long written;

    RecordWriter(FileChannel channel, Path file, boolean syncEachRecord) {
        this.channel = channel;
        this.file = file;
        this.sync = syncEachRecord;
    }

    /** Queues a record; returns at once. After a write failure further records are dropped. */
    public void write(ObjectNode record) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(record) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an output record", e);
        }
        try {
            thread.execute(() -> append(line));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the output writer is closed", e);
        }
    }

    private void append(byte[] line) {
        if (failure != null) {
            return;
        }
        long start = -1;
        try {
            start = channel.position();
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (sync) {
                channel.force(false);
            }
            written++;
        } catch (IOException e) {
            failure = e;
            cutBackTo(start);
        }
    }

    /**
     * A write that failed part-way (disk full, file size limit) may have left part of the line:
     * cut it off so the file ends with a whole record. Truncating frees space, so it works on a
     * full disk; if it fails too, the next --resume cuts the partial line instead.
     */
    private void cutBackTo(long end) {
        if (end < 0) {
            return;
        }
        try {
            if (channel.size() > end) {
                channel.truncate(end);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The first write failure, or null; once set, the run should stop (the disk may be full). */
    public IOException failure() {
        return failure;
    }

    /**
     * Writes every queued record, then closes the file.
     *
     * @throws OutputException when a record could not be written
     */
    @Override
    public void close() throws OutputException {
        thread.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new OutputException("cannot write to " + file + ": " + failure.getMessage()
                    + "; free disk space or fix permissions, then rerun with --resume", failure);
        }
    }

    /** Records written so far (read after {@link #close()} for an exact count). */
    public long written() {
        return written;
    }
}
