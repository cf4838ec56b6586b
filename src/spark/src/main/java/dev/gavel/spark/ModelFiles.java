package dev.gavel.spark;

import dev.gavel.ModelLoadException;
import dev.gavel.gguf.GgufValidator;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The model file on the driver and on the executors: validated and hashed on the driver where it
 * is visible, shipped when asked, found and checked against the expected SHA-256 on each executor
 * before the judge loads it.
 */
final class ModelFiles {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** Digests already computed in this JVM, by path, size and modification time. */
    private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

    private ModelFiles() {
    }

    /**
     * A model source whose expected SHA-256 is settled, ready to travel to the executors.
     *
     * @param source the source
     * @param sha256 the hex SHA-256 every executor's copy must have
     */
    record Resolved(ModelSource source, String sha256) implements Serializable {
    }

    static void requirePath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the model path must not be blank");
        }
    }

    /** The digest in lower case, or null for none; refuses anything but 64 hex digits. */
    static String normalizeSha(String sha256) {
        if (sha256 == null) {
            return null;
        }
        String s = sha256.strip().toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(s).matches()) {
            throw new IllegalArgumentException("a model SHA-256 is 64 hex digits, got '" + sha256 + "'");
        }
        return s;
    }

    /**
     * Checks the model on the driver as far as the driver can see it, and ships it when asked.
     *
     * @throws GavelSparkException when the file is missing, not a usable GGUF, or not the expected one
     */
    static Resolved onDriver(ModelSource source, SparkContext sc) {
        return switch (source) {
            case ModelSource.Shipped s -> {
                Path file = Path.of(s.driverPath());
                if (!Files.isRegularFile(file)) {
                    throw new GavelSparkException(GavelSparkException.Kind.MODEL_MISSING,
                            "the model to ship " + file + " does not exist on the driver");
                }
                String sha = checkedOnDriver(file, s.sha256());
                sc.addFile(file.toAbsolutePath().toString());
                yield new Resolved(s, sha);
            }
            case ModelSource.Shared s -> {
                Path file = Path.of(s.path());
                if (Files.isRegularFile(file)) {
                    yield new Resolved(s, checkedOnDriver(file, s.sha256()));
                }
                if (s.sha256() == null) {
                    throw new GavelSparkException(GavelSparkException.Kind.MODEL_MISSING, "the driver cannot read the"
                            + " shared model " + file + ", so it cannot tell the executors which file to expect: give its"
                            + " SHA-256 (ModelSource.shared(path, sha256), --model-sha256) or a path the driver can read");
                }
                yield new Resolved(s, s.sha256());
            }
        };
    }

    private static String checkedOnDriver(Path file, String expected) {
        try {
            GgufValidator.validate(file);
        } catch (ModelLoadException e) {
            throw new GavelSparkException(GavelSparkException.Kind.MODEL_LOAD, e.getMessage(), e);
        }
        String actual = sha256(file);
        if (expected != null && !expected.equals(actual)) {
            throw mismatch(file, expected, actual, "on the driver");
        }
        return actual;
    }

    /**
     * The model file on this executor, after checking it is the expected one.
     *
     * @throws GavelSparkException when the file is missing or has another SHA-256
     */
    static Path onExecutor(Resolved model) {
        Path file = switch (model.source()) {
            case ModelSource.Shipped s -> Path.of(SparkFiles.get(s.fileName()));
            case ModelSource.Shared s -> Path.of(s.path());
        };
        if (!Files.isRegularFile(file)) {
            throw new GavelSparkException(GavelSparkException.Kind.MODEL_MISSING, "the model " + file
                    + " does not exist on executor " + executorName() + (model.source() instanceof ModelSource.Shipped
                    ? " (it should have been shipped with the job)" : ": mount the shared path on every executor"));
        }
        String actual = sha256(file);
        if (!actual.equals(model.sha256())) {
            throw mismatch(file, model.sha256(), actual, "on executor " + executorName());
        }
        return file;
    }

    private static GavelSparkException mismatch(Path file, String expected, String actual, String where) {
        return new GavelSparkException(GavelSparkException.Kind.MODEL_MISMATCH, "the model " + file + " " + where
                + " has SHA-256 " + actual + ", expected " + expected + ": a stale or partial copy, or another model");
    }

    private static String executorName() {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        return env == null ? "?" : env.executorId();
    }

    /** The file's hex SHA-256, computed once per JVM while the file keeps its size and modification time. */
    static String sha256(Path file) {
        try {
            Path abs = file.toAbsolutePath().normalize();
            String key = abs + "\n" + Files.size(abs) + "\n" + Files.getLastModifiedTime(abs).toMillis();
            String known = DIGESTS.get(key);
            if (known != null) {
                return known;
            }
            String sha = computeSha256(abs);
            DIGESTS.put(key, sha);
            return sha;
        } catch (IOException e) {
            throw new GavelSparkException(GavelSparkException.Kind.MODEL_MISSING, "cannot read the model " + file
                    + ": " + e.getMessage(), e);
        }
    }

    private static String computeSha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
