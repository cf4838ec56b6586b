package dev.gavel.judge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SHA-256 of model files, cached on disk so multi-gigabyte judges are hashed once, not per open.
 * The cache entry is keyed by absolute path, size and modification time: a replaced or modified
 * file gets a new key and is hashed again. The cache lives in {@code $GAVEL_CACHE_DIR}, else the
 * system property {@code gavel.cache.dir}, else {@code ~/.cache/gavel}; a cache that cannot be
 * read or written only costs a re-hash.
 */
final class ModelDigest {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDigest.class);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private ModelDigest() {
    }

    static Path defaultCacheDir() {
        String env = System.getenv("GAVEL_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String prop = System.getProperty("gavel.cache.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "gavel");
    }

    /** The file's hex SHA-256, from the cache when the file is unchanged. */
    static String sha256(Path file, Path cacheDir) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        long size = Files.size(abs);
        long mtime = Files.getLastModifiedTime(abs).toMillis();
        String key = hex(digest((abs + "\n" + size + "\n" + mtime).getBytes(StandardCharsets.UTF_8)));
        Path entry = cacheDir.resolve("sha256").resolve(key);
        try {
            if (Files.isRegularFile(entry)) {
                String cached = Files.readString(entry, StandardCharsets.US_ASCII).strip();
                if (HEX64.matcher(cached).matches()) {
                    return cached;
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read digest cache {}: {}", entry, e.toString());
        }
        String sha = computeSha256(abs);
        try {
            Files.createDirectories(entry.getParent());
            // Write then rename so a concurrent reader never sees a half-written digest.
            Path tmp = Files.createTempFile(entry.getParent(), key, ".tmp");
            Files.writeString(tmp, sha + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.debug("cannot write digest cache {}: {}", entry, e.toString());
        }
        return sha;
    }

    /** Hashes the whole file, bypassing any cache. */
    static String computeSha256(Path file) throws IOException {
        MessageDigest md = newDigest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return hex(md.digest());
    }

    private static byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
