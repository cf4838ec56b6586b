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
    void bundledLibraryPassesTheAbiCheck() {
        LlamaNative lib = LlamaNative.get();
        assertTrue(Files.isRegularFile(lib.libraryPath()));
        assertTrue(lib.systemInfo().contains("CPU"), lib.systemInfo());
    }

    @Test
    void concurrentExtractionYieldsOneCompleteCopy(@TempDir Path cache) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> NativeLibraryLocator.extractBundled(cache)));
            }
            Set<Path> paths = new HashSet<>();
            for (Future<Path> f : results) {
                paths.add(f.get());
            }
            assertEquals(1, paths.size(), "every caller gets the same content-addressed file");
            Path lib = paths.iterator().next();
            byte[] expected = resourceBytes();
            assertArrayEquals(expected, Files.readAllBytes(lib));
            try (var files = Files.walk(cache)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")), "no temporary files left behind");
            }
            LlamaNative.open(lib);
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
    void aFileThatIsNotALibraryIsRefused(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("libfake.so"), "not an ELF file");
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> LlamaNative.open(fake));
        assertTrue(e.getMessage().contains("libfake.so"), e.getMessage());
    }

    @Test
    void aLibraryMissingASymbolIsRefusedByName(@TempDir Path dir) throws IOException {
        byte[] lib = x86_64Library();
        // Rename the exported symbol in the dynamic string table; the copy still loads, but
        // llama_decode can no longer be found.
        int replaced = replaceAll(lib, "\0llama_decode\0", "\0llama_decodX\0");
        assertTrue(replaced > 0, "symbol name found in the library");
        Path copy = Files.write(dir.resolve("libjllama-nodecode.so"), lib);
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> LlamaNative.open(copy));
        assertTrue(e.getMessage().contains("missing symbols [llama_decode]"), e.getMessage());
        assertTrue(e.getMessage().contains("b4916"), e.getMessage());
    }

    @Test
    void aLibraryWhoseDefaultsReadBackWrongIsRefused(@TempDir Path dir) throws IOException {
        byte[] lib = x86_64Library();
        // llama_model_default_params ends with "movl $1,0xc(%rdi); movb $1,0x39(%rdi)": make it
        // return use_mmap = false, as a library with a different struct layout would appear to.
        byte[] pattern = {(byte) 0xc7, 0x47, 0x0c, 0x01, 0x00, 0x00, 0x00, (byte) 0xc6, 0x47, 0x39, 0x01};
        int at = indexOf(lib, pattern, 0);
        assumeTrue(at >= 0 && indexOf(lib, pattern, at + 1) < 0, "known code of llama_model_default_params");
        lib[at + pattern.length - 1] = 0x00;
        Path copy = Files.write(dir.resolve("libjllama-badabi.so"), lib);
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> LlamaNative.open(copy));
        assertTrue(e.getMessage().contains("llama_model_params.use_mmap read back false, expected true"), e.getMessage());
    }

    private static byte[] x86_64Library() throws IOException {
        assumeTrue(NativeLibraryLocator.bundledResource().endsWith("Linux/x86_64/libjllama.so"),
                "stand-in libraries are made from the Linux x86_64 build");
        return resourceBytes();
    }

    private static byte[] resourceBytes() throws IOException {
        try (var in = NativeLibraryTest.class.getClassLoader().getResourceAsStream(NativeLibraryLocator.bundledResource())) {
            assertTrue(in != null);
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
