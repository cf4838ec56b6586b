package dev.gavel.spark;

import dev.gavel.ModelLoadException;
import dev.gavel.judge.Judge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The judges of one executor JVM. A judge is opened on the first task that needs it, shared by
 * every task of the same {@link JudgeKey} that runs in this JVM at the same time or later (so
 * the engine batches the rows of concurrent tasks together, and the model is loaded once per
 * executor, not per task), and closed when the executor stops ({@link GavelPlugin}, or a JVM
 * shutdown hook when the plugin is not configured). Opening a judge for a new key closes the
 * idle judges of other keys, so an executor holds only the models its running tasks use.
 */
final class ExecutorJudges {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorJudges.class);
    private static final ExecutorJudges JVM = new ExecutorJudges();

    private final Map<JudgeKey, Entry> entries = new HashMap<>();
    private int opened;
    private int leases;
    private boolean hookInstalled;

    private ExecutorJudges() {
    }

    /** This JVM's judges. */
    static ExecutorJudges get() {
        return JVM;
    }

    /** One judge under a key, with the tasks currently holding it. */
    private static final class Entry {
        final JudgeKey key;
        final CompletableFuture<Judge> judge = new CompletableFuture<>();
        int leases;
        boolean retired;

        Entry(JudgeKey key) {
            this.key = key;
        }
    }

    /**
     * A task's hold on a judge. Closing it releases the hold; the judge stays open for later tasks.
     */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private final Judge judge;
        private boolean released;

        private Lease(Entry entry, Judge judge) {
            this.entry = entry;
            this.judge = judge;
        }

        Judge judge() {
            return judge;
        }

        /** The judge broke: no task gets it again, and it is closed (the other tasks on it fail and are retried). */
        void invalidate(Throwable cause) {
            LOG.warn("closing the judge for model {} after a failure: {}", entry.key.modelSha256(), cause.toString());
            retire(entry);
        }

        @Override
        public void close() {
            synchronized (ExecutorJudges.this) {
                if (released) {
                    return;
                }
                released = true;
                leases--;
                entry.leases--;
                if (!entry.retired || entry.leases > 0) {
                    return;
                }
            }
            closeQuietly(entry);
        }
    }

    /**
     * The judge for a key, opening it if no task in this JVM has it open.
     *
     * @param modelFile finds and checks the model file; only called when the judge must be opened
     * @throws GavelSparkException when the model is missing or wrong, or the judge cannot be opened
     */
    Lease acquire(JudgeKey key, Supplier<Path> modelFile) {
        Entry entry;
        boolean opener = false;
        List<Entry> idle = new ArrayList<>();
        synchronized (this) {
            entry = entries.get(key);
            if (entry == null) {
                requireOneDevice(key);
                for (Entry other : entries.values()) {
                    if (other.leases == 0) {
                        idle.add(other);
                    }
                }
                idle.forEach(e -> {
                    e.retired = true;
                    entries.remove(e.key);
                });
                entry = new Entry(key);
                entries.put(key, entry);
                opener = true;
                installHook();
            }
            entry.leases++;
            leases++;
        }
        idle.forEach(ExecutorJudges::closeQuietly);
        if (opener) {
            open(entry, modelFile);
        }
        Judge judge;
        try {
            judge = entry.judge.join();
        } catch (CompletionException e) {
            release(entry);
            throw e.getCause() instanceof GavelSparkException g ? g
                    : new GavelSparkException(GavelSparkException.Kind.MODEL_LOAD, "cannot open the judge: " + e.getCause(),
                    e.getCause());
        }
        return new Lease(entry, judge);
    }

    private void open(Entry entry, Supplier<Path> modelFile) {
        JudgeKey key = entry.key;
        try {
            Path file = modelFile.get();
            Judge judge;
            try {
                judge = Judge.open(file, key.options());
            } catch (ModelLoadException e) {
                throw new GavelSparkException(GavelSparkException.Kind.MODEL_LOAD, e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new GavelSparkException(GavelSparkException.Kind.MODEL_LOAD, "the judge options do not work with "
                        + file + ": " + e.getMessage(), e);
            }
            // Judge.open hashed the file it actually loaded: the same check again, against a swap since.
            if (!judge.model().sha256().equals(key.modelSha256())) {
                String actual = judge.model().sha256();
                judge.close();
                throw new GavelSparkException(GavelSparkException.Kind.MODEL_MISMATCH, "the model " + file
                        + " changed while it was loaded: SHA-256 " + actual + ", expected " + key.modelSha256());
            }
            synchronized (this) {
                opened++;
            }
            LOG.info("opened a judge on {} ({}, device {}, parallel {})", file, key.modelSha256(), key.device(),
                    judge.engineSettings().parallel());
            entry.judge.complete(judge);
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                entries.remove(key, entry);
                entry.retired = true;
            }
            entry.judge.completeExceptionally(e);
        }
    }

    /** Until gavel-core can pin a judge to one GPU, two devices in one JVM would both load on llama.cpp's default. */
    private void requireOneDevice(JudgeKey key) {
        if (!key.usesGpu()) {
            return;
        }
        for (Entry other : entries.values()) {
            if (other.key.usesGpu() && !other.key.device().equals(key.device())) {
                throw new GavelSparkException(GavelSparkException.Kind.GPU_SETUP, "tasks of this executor were given"
                        + " GPU " + other.key.device() + " and GPU " + key.device() + ", but a judge cannot yet be pinned"
                        + " to one device (llama.cpp would place both on the same GPUs): give each executor one GPU"
                        + " (spark.executor.resource.gpu.amount=1); see docs/spark.md");
            }
        }
    }

    private synchronized void release(Entry entry) {
        entry.leases--;
        leases--;
    }

    /** Takes a broken judge out of service and closes it now, under the tasks still holding it. */
    private void retire(Entry entry) {
        synchronized (this) {
            entries.remove(entry.key, entry);
            entry.retired = true;
        }
        // Closing waits for admitted requests; the failing task must not wait for the other tasks' ones.
        Thread.ofPlatform().daemon().name("gavel-judge-close").start(() -> closeQuietly(entry));
    }

    /** Closes every judge of this JVM (executor shutdown). Tasks still grading fail and are retried elsewhere. */
    void closeAll() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
            entries.clear();
            all.forEach(e -> e.retired = true);
        }
        all.forEach(ExecutorJudges::closeQuietly);
    }

    private static void closeQuietly(Entry entry) {
        Judge judge = entry.judge.getNow(null);
        if (judge == null) {
            return;
        }
        try {
            judge.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the judge for {} failed: {}", entry.key.modelSha256(), e.toString());
        }
    }

    private void installHook() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "gavel-judges-shutdown"));
        }
    }

    /** Judges opened in this JVM so far. */
    synchronized int opened() {
        return opened;
    }

    /** Leases currently held by tasks. */
    synchronized int leases() {
        return leases;
    }

    /** Judges currently open or opening. */
    synchronized int open() {
        return entries.size();
    }
}
