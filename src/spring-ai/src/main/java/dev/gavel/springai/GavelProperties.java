package dev.gavel.springai;

import dev.gavel.JudgeMode;
import dev.gavel.judge.JudgeOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The {@code gavel.*} properties of the Spring Boot starter. Only {@code gavel.model-path} is
 * required (without it the starter creates nothing); every other property left unset keeps
 * {@link JudgeOptions}' default.
 *
 * <pre>
 * gavel.model-path=models/prometheus-7b-v2.0.Q4_K_M.gguf
 * gavel.format=prometheus2            # or gavel-rubric-v1, or a template file
 * gavel.chat-template=chatml          # default: automatic
 * gavel.mode=score-only               # or feedback-then-score (default)
 * gavel.feedback-tokens=256
 * gavel.parallel=1
 * gavel.threads=4                     # 0 = all processors
 * gavel.gpu-layers=99
 * gavel.context-size=4096
 * gavel.evaluator.preset=fact-checking   # or relevancy (default)
 * gavel.evaluator.pass-threshold=4
 * </pre>
 *
 * @param mode           feedback-then-score or score-only
 * @param modelPath      the judge's GGUF file
 * @param format         judge format id or template file
 * @param chatTemplate   chat template name, "model", or unset for automatic
 * @param feedbackTokens feedback budget in tokens
 * @param parallel       requests decoded together
 * @param threads        CPU threads, 0 for all processors
 * @param gpuLayers      layers offloaded to a GPU
 * @param contextSize    KV cells shared by the parallel requests
 * @param evaluator      the GavelEvaluator bean's settings
 */
@ConfigurationProperties("gavel")
public record GavelProperties(Path modelPath, String format, String chatTemplate, JudgeMode mode,
                              Integer feedbackTokens, Integer parallel, Integer threads, Integer gpuLayers,
                              Integer contextSize, @DefaultValue EvaluatorProperties evaluator) {

    /**
     * The evaluator bean's settings.
     *
     * @param preset        relevancy (default) or fact-checking
     * @param passThreshold lowest passing score; unset: one below the rubric's top score (4 of 5)
     */
    public record EvaluatorProperties(@DefaultValue("relevancy") GavelEvaluator.Preset preset, Integer passThreshold) {
    }

    /**
     * The judge options these properties give.
     *
     * @throws IllegalArgumentException naming the property's option when a value is out of range
     */
    public JudgeOptions toOptions() {
        JudgeOptions.Builder b = JudgeOptions.builder();
        if (format != null) {
            b.format(format);
        }
        if (chatTemplate != null) {
            b.chatTemplate(chatTemplate);
        }
        if (mode != null) {
            b.mode(mode);
        }
        if (feedbackTokens != null) {
            b.feedbackTokens(feedbackTokens);
        }
        if (parallel != null) {
            b.parallel(parallel);
        }
        if (threads != null) {
            b.threads(threads);
        }
        if (gpuLayers != null) {
            b.gpuLayers(gpuLayers);
        }
        if (contextSize != null) {
            b.contextSize(contextSize);
        }
        return b.build();
    }
}
