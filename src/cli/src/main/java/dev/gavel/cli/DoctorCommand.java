package dev.gavel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.llama.BackendDevice;
import dev.gavel.llama.LlamaNative;
import dev.gavel.llama.NativeLibraryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code gavel doctor}: which llama.cpp build Gavel loaded, from where, and the compute backends and
 * devices it found, so a user can tell a CPU-only run from a GPU one before grading anything.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show the llama.cpp library Gavel loads, its backends and devices (CPU, GPU) and their memory.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the library loaded and at least one device was found", "4:no usable native library"})
public final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LlamaNative lib;
        try {
            lib = LlamaNative.get();
        } catch (NativeLibraryException e) {
            System.err.println("gavel doctor: " + e.getMessage());
            return ExitCodes.MODEL;
        }
        List<BackendDevice> devices = lib.devices();
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode o = m.createObjectNode();
            o.put("llama_cpp_version", lib.version());
            o.put("library", lib.libraryPath().toString());
            o.put("origin", lib.files().origin());
            o.put("gpu", lib.hasGpu());
            ArrayNode a = o.putArray("devices");
            for (BackendDevice d : devices) {
                a.addObject().put("index", d.index()).put("name", d.name()).put("description", d.description())
                        .put("kind", d.kind().name()).put("free_bytes", d.freeBytes()).put("total_bytes", d.totalBytes());
            }
            ArrayNode files = o.putArray("backend_files");
            lib.loadedBackendFiles().forEach(files::add);
            o.put("system_info", lib.systemInfo());
            System.out.println(m.writeValueAsString(o));
        } else {
            System.out.printf(Locale.ROOT, "llama.cpp %s (%s)%n  from %s%n  library %s%n", lib.version(),
                    LlamaNative.LLAMA_CPP_BUILD, lib.files().origin(), lib.libraryPath());
            System.out.println("devices:");
            for (BackendDevice d : devices) {
                System.out.printf(Locale.ROOT, "  %d  %-8s %-5s %s, %.1f of %.1f GiB free%n", d.index(), d.name(),
                        d.kind(), d.description(), d.freeBytes() / 1073741824.0, d.totalBytes() / 1073741824.0);
            }
            System.out.println(lib.hasGpu()
                    ? "GPU backend present: --gpu-layers defaults to all layers."
                    : "no GPU backend: everything runs on the CPU (a GPU build: see native/README.md).");
            List<String> files = lib.loadedBackendFiles();
            if (!files.isEmpty()) {
                // Which CPU variant ggml chose for this processor shows only here.
                System.out.println("backend libraries: " + String.join(", ", files));
            }
            System.out.println("system info: " + lib.systemInfo().strip());
        }
        return devices.isEmpty() ? ExitCodes.MODEL : 0;
    }
}
