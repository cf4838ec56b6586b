package dev.gavel.spark;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where the executors find the judge model, and which file it must be. Every executor checks
 * its copy's SHA-256 against the expected one before loading it, so a stale or partial copy on
 * one node fails loudly instead of grading with another model.
 */
public sealed interface ModelSource extends Serializable {
    /** The expected hex SHA-256, or null to take it from the driver's copy. */
    String sha256();

    /**
     * A file every executor can read at the same path (a shared file system, a path baked into
     * the executors' image). When the driver can read it too, it is validated and hashed there,
     * before any job runs; otherwise {@code sha256} must be given, so that every executor is held
     * to one model.
     */
    static ModelSource shared(String path, String sha256) {
        return new Shared(path, sha256);
    }

    /** A shared file whose expected SHA-256 is taken from the driver's copy. */
    static ModelSource shared(String path) {
        return new Shared(path, null);
    }

    /**
     * A file on the driver, shipped to every executor with the job ({@code SparkContext.addFile};
     * executors find it with {@code SparkFiles.get}). Simple, but every executor downloads the
     * whole model from the driver once: for multi-gigabyte models on many executors prefer a
     * shared path.
     */
    static ModelSource shipped(Path driverFile) {
        return new Shipped(driverFile.toString(), null);
    }

    /** A shipped file that must have this SHA-256. */
    static ModelSource shipped(Path driverFile, String sha256) {
        return new Shipped(driverFile.toString(), sha256);
    }

    /**
     * @param path   the file's path on every executor
     * @param sha256 the expected hex SHA-256, or null
     */
    record Shared(String path, String sha256) implements ModelSource {
        public Shared {
            ModelFiles.requirePath(path);
            sha256 = ModelFiles.normalizeSha(sha256);
        }
    }

    /**
     * @param driverPath the file's path on the driver
     * @param sha256     the expected hex SHA-256, or null
     */
    record Shipped(String driverPath, String sha256) implements ModelSource {
        public Shipped {
            ModelFiles.requirePath(driverPath);
            sha256 = ModelFiles.normalizeSha(sha256);
        }

        /** The name executors look the file up by. */
        public String fileName() {
            return Path.of(driverPath).getFileName().toString();
        }
    }
}
