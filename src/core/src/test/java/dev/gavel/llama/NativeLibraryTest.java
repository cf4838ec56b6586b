package dev.gavel.llama;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeLibraryTest {

    @Test
    void bundledLibraryPassesTheAbiCheckAndFindsTheCpuBackend() {
        LlamaNative lib = LlamaNative.get();
        assertTrue(Files.isRegularFile(lib.libraryPath()));
        assertEquals(LlamaNative.LLAMA_CPP_VERSION, lib.version());
        assertTrue(lib.devices().stream().anyMatch(d -> d.kind() == BackendDevice.Kind.CPU), lib.devices().toString());
        assertTrue(lib.systemInfo().contains("CPU"), lib.systemInfo());
    }

    @Test
    void concurrentExtractionYieldsOneCompleteCopy(@TempDir Path cache) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<NativeLibraryFiles>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> NativeLibraryLocator.extractBundled(cache)));
            }
            Set<Path> folders = new HashSet<>();
            for (Future<NativeLibraryFiles> f : results) {
                folders.add(f.get().folder());
            }
            assertEquals(1, folders.size(), "every caller gets the same content-addressed folder");
            Path folder = folders.iterator().next();
            String base = bundleBase();
            try (var files = Files.list(folder)) {
                for (Path p : files.toList()) {
                    assertArrayEquals(resourceBytes(base + p.getFileName()), Files.readAllBytes(p), p.toString());
                }
            }
            try (var files = Files.walk(cache)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")), "no temporary files left behind");
            }
            LlamaNative.open(NativeLibraryFiles.inFolder(folder, "test"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void explicitPathThatDoesNotExistIsReported() {
        String old = System.getProperty(NativeLibraryLocator.PATH_PROPERTY);
        System.setProperty(NativeLibraryLocator.PATH_PROPERTY, "/nonexistent/libllama.so");
        try {
            NativeLibraryException e = assertThrows(NativeLibraryException.class, NativeLibraryLocator::locate);
            assertTrue(e.getMessage().contains("/nonexistent/libllama.so"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(NativeLibraryLocator.PATH_PROPERTY);
            } else {
                System.setProperty(NativeLibraryLocator.PATH_PROPERTY, old);
            }
        }
    }

    @Test
    void aFolderWithoutLlamaIsRefused(@TempDir Path dir) {
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> NativeLibraryFiles.inFolder(dir, "test"));
        assertTrue(e.getMessage().contains("no libllama"), e.getMessage());
    }

    @Test
    void aFileThatIsNotALibraryIsRefused(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("libllama.so"), "not an ELF file");
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> LlamaNative.open(fake));
        assertTrue(e.getMessage().contains("libllama.so"), e.getMessage());
    }

    @Test
    void aLibraryMissingASymbolIsRefusedByName(@TempDir Path dir) throws IOException {
        byte[] lib = x86_64Library();
        // Rename the exported symbol in the dynamic string table; the copy still loads, but
        // llama_decode can no longer be found.
        int replaced = replaceAll(lib, "\0llama_decode\0", "\0llama_decodX\0");
        assertTrue(replaced > 0, "symbol name found in the library");
        Path copy = Files.write(dir.resolve("libllama.so"), lib);
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> LlamaNative.open(copy));
        assertTrue(e.getMessage().contains("missing symbols [llama_decode]"), e.getMessage());
        assertTrue(e.getMessage().contains(LlamaNative.LLAMA_CPP_BUILD), e.getMessage());
    }

    @Test
    void aLibraryOfAnotherVersionIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        byte[] lib = x86_64Library();
        assertEquals(1, replaceAll(lib, "\u0000" + LlamaNative.LLAMA_CPP_VERSION + "\u0000", "\u00000.3.9-dev\u0000"));
        Path copy = Files.write(dir.resolve("libllama.so"), lib);
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> LlamaNative.open(copy));
        assertTrue(e.getMessage().contains("is llama.cpp 0.3.9-dev, not " + LlamaNative.LLAMA_CPP_VERSION), e.getMessage());
    }

    @Test
    void aLibraryWhoseDefaultsReadBackWrongIsRefused(@TempDir Path dir) throws IOException {
        byte[] lib = x86_64Library();
        // llama_model_default_params sets the booleans at 0x48 with "movl $0x10000,0x48(%rdi)"
        // (use_extra_bufts = true): make it false, as a library with another layout would appear.
        byte[] pattern = {(byte) 0xc7, 0x47, 0x48, 0x00, 0x00, 0x01, 0x00};
        int at = indexOf(lib, pattern, 0);
        assumeTrue(at >= 0 && indexOf(lib, pattern, at + 1) < 0, "known code of llama_model_default_params");
        lib[at + 5] = 0x00;
        Path copy = Files.write(dir.resolve("libllama.so"), lib);
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> LlamaNative.open(copy));
        assertTrue(e.getMessage().contains("llama_model_params.use_extra_bufts read back false, expected true"), e.getMessage());
    }

    /** The bundled libllama's bytes; its patched copies resolve libggml through the already loaded one. */
    private static byte[] x86_64Library() throws IOException {
        String base = bundleBase();
        assumeTrue(base.endsWith("/linux-x64/"), "stand-in libraries are made from the Linux x86_64 CPU build");
        LlamaNative.get(); // the real libggml is then loaded, and the copies' dependency resolves to it
        return resourceBytes(base + "libllama.v0.4.0.so");
    }

    private static String bundleBase() {
        for (String platform : NativeLibraryLocator.platformCandidates()) {
            String base = NativeLibraryLocator.RESOURCE_ROOT + platform + "/";
            if (NativeLibraryTest.class.getClassLoader().getResource(base + "manifest.properties") != null) {
                return base;
            }
        }
        throw new AssertionError("no bundled native build on the class path");
    }

    private static byte[] resourceBytes(String name) throws IOException {
        try (var in = NativeLibraryTest.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name);
            return in.readAllBytes();
        }
    }

    private static int replaceAll(byte[] data, String from, String to) {
        byte[] f = from.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int count = 0;
        for (int at = indexOf(data, f, 0); at >= 0; at = indexOf(data, f, at + 1)) {
            System.arraycopy(t, 0, data, at, t.length);
            count++;
        }
        return count;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
