package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.llama.LlamaNative;
import dev.gavel.testing.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorCommandTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void reportsTheLibraryAndItsCpuDevice() throws Exception {
        assertEquals(0, GavelCli.execute("doctor", "--json"));
        JsonNode o = new ObjectMapper().readTree(console.stdout());
        assertEquals(LlamaNative.LLAMA_CPP_VERSION, o.get("llama_cpp_version").asText());
        boolean cpu = false;
        for (JsonNode d : o.get("devices")) {
            cpu |= d.get("kind").asText().equals("CPU");
        }
        assertTrue(cpu, o.toString());
        assertEquals(o.get("gpu").asBoolean(), LlamaNative.get().hasGpu());
        if (System.getProperty("os.name").startsWith("Linux")) {
            boolean cpuVariant = false;
            for (JsonNode f : o.get("backend_files")) {
                cpuVariant |= f.asText().startsWith("libggml-cpu-");
            }
            assertTrue(cpuVariant, "the CPU variant ggml loaded is named: " + o.get("backend_files"));
        }
    }
}
