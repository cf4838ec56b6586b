package dev.gavel.llama;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Finds the llama.cpp shared library: an explicit path (system property {@code gavel.native.lib}
 * or environment {@code GAVEL_NATIVE_LIB}), else the library jllama ships in its jar for this OS
 * and architecture, extracted once into a per-user cache directory.
 *
 * <p>The cache is content-addressed (the directory name is the SHA-256 of the library), and each
 * process writes to its own temporary file before an atomic rename, so several processes starting
 * at once never see a half-written library.
 */
public final class NativeLibraryLocator {
    public static final String PATH_PROPERTY = "gavel.native.lib";
    public static final String PATH_ENV = "GAVEL_NATIVE_LIB";
    public static final String CACHE_PROPERTY = "gavel.cache.dir";

    private NativeLibraryLocator() {
    }

    /** The library to load, extracting the bundled one if needed. */
    public static Path locate() {
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv(PATH_ENV);
        }
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                throw new NativeLibraryException("the native library given by " + PATH_PROPERTY + "/" + PATH_ENV
                        + " does not exist or is not a file: " + p);
            }
            return p;
        }
        return extractBundled(cacheDirectory());
    }

    /** The per-user cache directory: {@code gavel.cache.dir}, else $XDG_CACHE_HOME/gavel, else ~/.cache/gavel. */
    public static Path cacheDirectory() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gavel");
    }

    /** Resource path of the bundled library inside jllama's jar for the running platform. */
    static String bundledResource() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String archDir = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> throw new NativeLibraryException("no bundled llama.cpp library for architecture " + arch
                    + "; build llama.cpp b4916 as a shared library and set -D" + PATH_PROPERTY + "=/path/to/lib");
        };
        if (os.contains("linux")) {
            return "de/kherud/llama/Linux/" + archDir + "/libjllama.so";
        }
        if (os.contains("mac")) {
            return "de/kherud/llama/Mac/" + archDir + "/libjllama.dylib";
        }
        if (os.contains("windows")) {
            return "de/kherud/llama/Windows/" + archDir + "/jllama.dll";
        }
        throw new NativeLibraryException("no bundled llama.cpp library for OS " + os
                + "; set -D" + PATH_PROPERTY + "=/path/to/lib");
    }

    static Path extractBundled(Path cacheDir) {
        String resource = bundledResource();
        byte[] bytes;
        try (InputStream in = NativeLibraryLocator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new NativeLibraryException("the jllama jar (de.kherud:llama:4.2.0) with " + resource
                        + " is not on the classpath; add it or set -D" + PATH_PROPERTY + "=/path/to/libjllama.so");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new NativeLibraryException("cannot read bundled native library " + resource, e);
        }
        String hash = sha256(bytes);
        Path dir = cacheDir.resolve("native").resolve(hash.substring(0, 16));
        Path target = dir.resolve(Path.of(resource).getFileName().toString());
        try {
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "lib", ".part");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new NativeLibraryException("cannot extract the native library into " + dir
                    + " (set -D" + CACHE_PROPERTY + "=<writable dir> or -D" + PATH_PROPERTY + "=<library>)", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
