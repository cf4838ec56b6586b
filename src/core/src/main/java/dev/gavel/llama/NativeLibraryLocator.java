package dev.gavel.llama;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Finds the folder that holds llama.cpp's shared libraries (libllama, libggml, libggml-base and the
 * backends ggml loads at run time): an explicit folder ({@code -Dgavel.native.dir} or
 * {@code GAVEL_NATIVE_DIR}; {@code -Dgavel.native.lib}/{@code GAVEL_NATIVE_LIB} naming libllama
 * itself also works), else the build bundled by the {@code gavel-native} artifact for this
 * platform, extracted once into a per-user cache.
 *
 * <p>The cache is content-addressed (the folder name is the SHA-256 of the bundle's manifest,
 * which lists every file's SHA-256), each file is written to a temporary name, checked, and
 * renamed atomically, so several processes starting at once never load a half-written library.
 */
public final class NativeLibraryLocator {
    public static final String DIR_PROPERTY = "gavel.native.dir";
    public static final String DIR_ENV = "GAVEL_NATIVE_DIR";
    public static final String PATH_PROPERTY = "gavel.native.lib";
    public static final String PATH_ENV = "GAVEL_NATIVE_LIB";
    public static final String CACHE_PROPERTY = "gavel.cache.dir";
    /** Where the gavel-native artifact keeps each platform's libraries and manifest. */
    static final String RESOURCE_ROOT = "dev/gavel/native/";

    private NativeLibraryLocator() {
    }

    /** The library files to load, extracting the bundled build if needed. */
    public static NativeLibraryFiles locate() {
        String dir = setting(DIR_PROPERTY, DIR_ENV);
        if (dir != null) {
            return NativeLibraryFiles.inFolder(Path.of(dir), DIR_PROPERTY + "/" + DIR_ENV);
        }
        String lib = setting(PATH_PROPERTY, PATH_ENV);
        if (lib != null) {
            Path p = Path.of(lib);
            if (!Files.isRegularFile(p)) {
                throw new NativeLibraryException("the native library given by " + PATH_PROPERTY + "/" + PATH_ENV
                        + " does not exist or is not a file: " + p);
            }
            return NativeLibraryFiles.inFolder(p.toAbsolutePath().getParent(), PATH_PROPERTY + "/" + PATH_ENV)
                    .withLlama(p.toAbsolutePath());
        }
        return extractBundled(cacheDirectory());
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
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

    /**
     * The bundle names that fit the running platform, best first: a GPU build where one is on the
     * class path, then the CPU build (node-llama-cpp's package names).
     */
    static List<String> platformCandidates() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux") && x64) {
            return List.of("linux-x64-cuda", "linux-x64-vulkan", "linux-x64");
        }
        if (os.contains("linux") && arm64) {
            return List.of("linux-arm64");
        }
        if (os.contains("mac") && arm64) {
            return List.of("mac-arm64-metal");
        }
        if (os.contains("mac") && x64) {
            return List.of("mac-x64");
        }
        if (os.contains("windows") && x64) {
            return List.of("win-x64-cuda", "win-x64-vulkan", "win-x64");
        }
        return List.of();
    }

    static NativeLibraryFiles extractBundled(Path cacheDir) {
        ClassLoader loader = NativeLibraryLocator.class.getClassLoader();
        for (String platform : platformCandidates()) {
            String base = RESOURCE_ROOT + platform + "/";
            byte[] manifestBytes = readResource(loader, base + "manifest.properties");
            if (manifestBytes != null) {
                return extract(loader, base, manifestBytes, cacheDir);
            }
        }
        throw new NativeLibraryException("no bundled llama.cpp build for " + System.getProperty("os.name") + "/"
                + System.getProperty("os.arch") + " on the class path (looked for the gavel-native artifact's "
                + platformCandidates() + "); build with npm available (see native/README.md) or set -D"
                + DIR_PROPERTY + "=/folder/with/libllama");
    }

    private static NativeLibraryFiles extract(ClassLoader loader, String base, byte[] manifestBytes, Path cacheDir) {
        Properties manifest = new Properties();
        try {
            manifest.load(new java.io.ByteArrayInputStream(manifestBytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> files = new TreeMap<>();
        for (String key : manifest.stringPropertyNames()) {
            if (key.startsWith("file.")) {
                files.put(key.substring("file.".length()), manifest.getProperty(key));
            }
        }
        Path dir = cacheDir.resolve("native").resolve(sha256(manifestBytes).substring(0, 16));
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                if (Files.isRegularFile(target) && f.getValue().equals(sha256(Files.readAllBytes(target)))) {
                    continue;
                }
                byte[] bytes = readResource(loader, base + f.getKey());
                if (bytes == null || !f.getValue().equals(sha256(bytes))) {
                    throw new NativeLibraryException("the bundled native library " + base + f.getKey()
                            + " is missing or does not match its manifest; rebuild the gavel-native artifact");
                }
                writeAtomically(dir, target, bytes);
            }
        } catch (IOException e) {
            throw new NativeLibraryException("cannot extract the native libraries into " + dir
                    + " (set -D" + CACHE_PROPERTY + "=<writable dir> or -D" + DIR_PROPERTY + "=<library folder>)", e);
        }
        return NativeLibraryFiles.inFolder(dir, "the bundled " + manifest.getProperty("package", base));
    }

    private static void writeAtomically(Path dir, Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
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
    }

    private static byte[] readResource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new NativeLibraryException("cannot read bundled resource " + name, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files in a folder whose names start with a prefix and look like shared libraries, sorted. */
    static List<Path> libraries(Path folder, String prefix) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix) && (n.endsWith(".so") || n.contains(".so.") || n.endsWith(".dylib") || n.endsWith(".dll"))) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new NativeLibraryException("cannot list native library folder " + folder, e);
        }
        out.sort(null);
        return out;
    }
}
