package dev.gavel.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;

import java.io.File;

/** The child-JVM side of {@link Jllama}: {@code JllamaMain job.json answers.json}. Never loads Gavel's library. */
public final class JllamaMain {
    private JllamaMain() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode job = json.readTree(new File(args[0]));
        // jllama logs every llama.cpp line to stdout unless given a logger.
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
        ArrayNode answers = json.createArrayNode();
        try (LlamaModel model = new LlamaModel(new ModelParameters()
                .setModel(job.get("model").asText())
                .setCtxSize(job.get("ctx").asInt())
                .setParallel(1)
                .setThreads(2)
                .setThreadsBatch(2)
                .skipWarmup())) {
            for (JsonNode op : job.get("ops")) {
                switch (op.get("op").asText()) {
                    case "greedy" -> {
                        ArrayNode pieces = answers.addArray();
                        String last = null;
                        for (LlamaOutput out : model.generate(greedy(op))) {
                            if (last != null) {
                                pieces.add(last);
                            }
                            last = out.text;
                        }
                        // The server's final "stop" message carries no token.
                        if (last != null && !last.isEmpty()) {
                            pieces.add(last);
                        }
                    }
                    case "encode" -> {
                        ArrayNode ids = answers.addArray();
                        for (int id : model.encode(op.get("text").asText())) {
                            ids.add(id);
                        }
                    }
                    case "complete" -> answers.add(model.complete(greedy(op)));
                    default -> throw new IllegalArgumentException("unknown op " + op);
                }
            }
        }
        json.writeValue(new File(args[1]), answers);
        // jllama leaves a non-daemon native thread alive after close.
        System.exit(0);
    }

    private static InferenceParameters greedy(JsonNode op) {
        return new InferenceParameters(op.get("prompt").asText())
                .setNPredict(op.get("n").asInt())
                .setTemperature(0f)
                .setTopK(1)
                .setRepeatPenalty(1f)
                .setSeed(42)
                .setCachePrompt(false);
    }
}
