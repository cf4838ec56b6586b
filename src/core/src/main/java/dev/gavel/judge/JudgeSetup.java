package dev.gavel.judge;

import dev.gavel.EngineSettings;
import dev.gavel.JudgeTask;
import dev.gavel.ModelLoadException;
import dev.gavel.ModelProvenance;
import dev.gavel.engine.EngineOptions;
import dev.gavel.engine.EnginePool;
import dev.gavel.engine.Tuning;
import dev.gavel.format.ChatTemplate;
import dev.gavel.format.JudgeFormat;
import dev.gavel.format.JudgeFormats;
import dev.gavel.gguf.ModelInfo;
import dev.gavel.judge.recipe.ChatTemplateChoice;
import dev.gavel.judge.recipe.JudgeRecipe;
import dev.gavel.llama.LlamaModel;
import dev.gavel.llama.ModelOptions;
import dev.gavel.llama.Vocabulary;
import dev.gavel.tokenize.HfTokenizer;
import dev.gavel.tokenize.PromptTokenizer;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * What {@link Judge#open} builds, in order: formats, the checksum (before native code sees the
 * file), the model, its provenance, chat templates, engine settings, the tokenizer, the engine.
 * A failure part way frees what was already built.
 *
 * @param model      the loaded model
 * @param engine     the started engines (one unless the options ask for more)
 * @param hfTokenizer the model's tokenizer.json when asked for, else null
 * @param settings   the engine settings resolved for this machine
 * @param provenance the model file's identity
 * @param recipe     how absolute and pairwise requests are prompted
 * @param stepRecipe how step solutions are prompted
 * @param fit        how prompts are made to fit the context
 */
record JudgeSetup(LlamaModel model, EnginePool engine, HfTokenizer hfTokenizer, EngineSettings settings,
                  ModelProvenance provenance, JudgeRecipe recipe, JudgeRecipe stepRecipe, ContextFit fit) {

    static JudgeSetup open(Path modelFile, JudgeOptions options) throws ModelLoadException {
        JudgeFormat format = format(options.format());
        JudgeFormat stepFormat = format.supports(JudgeTask.STEPS) ? format : format(options.stepFormat());
        String verified = options.expectedModelSha256() == null ? null : verifySha256(modelFile, options.expectedModelSha256());
        LlamaModel model = LlamaModel.load(modelFile, ModelOptions.defaults().withGpuLayers(options.gpuLayers()));
        EnginePool engine = null;
        HfTokenizer hf = null;
        try {
            ModelProvenance provenance = provenance(modelFile, model, verified);
            ChatTemplate template = ChatTemplateChoice.forModel(options.chatTemplate(), format, model);
            ChatTemplate stepTemplate = stepFormat == format ? template
                    : ChatTemplateChoice.forModel(options.chatTemplate(), stepFormat, model);
            EngineSettings settings = options.engineSettings(Tuning.Hardware.detect(options.gpuLayers()), model.attentionHeadSize());
            EngineOptions eo = EngineOptions.builder().contextSize(options.contextSize())
                    .batchSize(settings.batchSize()).parallel(settings.parallel()).prefixCache(options.prefixCache())
                    .flashAttention(settings.flashAttention()).threads(settings.threads()).build();
            hf = hfTokenizer(options, model);
            Vocabulary vocabulary = model.vocabulary();
            // Trusted segments parse special tokens, untrusted ones never do: the tokenizer is the one place that decides it.
            PromptTokenizer tokenizer = hf == null ? PromptTokenizer.llama(vocabulary)
                    : PromptTokenizer.huggingFace(hf, vocabulary.addsBos() ? OptionalInt.of(vocabulary.bos()) : OptionalInt.empty());
            // The engine generates with the model's vocabulary, so the answer budget is counted in it.
            PromptTokenizer generated = PromptTokenizer.llama(vocabulary);
            JudgeRecipe recipe = new JudgeRecipe(format, template, options.mode(), options.feedbackTokens(), tokenizer,
                    generated);
            JudgeRecipe stepRecipe = new JudgeRecipe(stepFormat, stepTemplate, options.mode(), options.feedbackTokens(),
                    tokenizer, generated);
            ContextFit fit = new ContextFit(options.contextSize(), options.longInput(), ResponseElision.of(vocabulary),
                    tokenizer::untrusted);
            engine = new EnginePool(model, eo, settings.engines());
            return new JudgeSetup(model, engine, hf, settings, provenance, recipe, stepRecipe, fit);
        } catch (ModelLoadException | RuntimeException | Error e) {
            if (engine != null) {
                engine.close();
            }
            if (hf != null) {
                hf.close();
            }
            model.close();
            throw e;
        }
    }

    private static JudgeFormat format(String idOrPath) {
        try {
            return JudgeFormats.resolve(idOrPath);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read judge format file " + idOrPath + ": " + e.getMessage(), e);
        }
    }

    private static ModelProvenance provenance(Path modelFile, LlamaModel model, String verifiedSha256)
            throws ModelLoadException {
        ModelInfo info = model.info();
        String sha;
        try {
            sha = verifiedSha256 != null ? verifiedSha256 : ModelDigest.sha256(modelFile, ModelDigest.defaultCacheDir());
        } catch (IOException e) {
            throw new ModelLoadException(modelFile, ModelLoadException.Reason.NOT_READABLE,
                    "cannot hash the file: " + e.getMessage(), e);
        }
        return new ModelProvenance(modelFile, info.fileSize(), sha, info.name(), info.architecture(), info.quantization());
    }

    /**
     * Hashes the whole file, bypassing the digest cache (a file damaged in place keeps its size and
     * time), before native code sees it; refuses a file whose digest is not the expected one.
     */
    private static String verifySha256(Path modelFile, String expected) throws ModelLoadException {
        String actual;
        try {
            actual = ModelDigest.computeSha256(modelFile);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(modelFile, ModelLoadException.Reason.NOT_READABLE, "no such file", e);
        } catch (IOException e) {
            throw new ModelLoadException(modelFile, ModelLoadException.Reason.NOT_READABLE,
                    "cannot hash the file: " + e.getMessage(), e);
        }
        if (!actual.equals(expected)) {
            throw new ModelLoadException(modelFile, ModelLoadException.Reason.CHECKSUM_MISMATCH,
                    "its SHA-256 is " + actual + ", expected " + expected);
        }
        return actual;
    }

    /** The model's own tokenizer.json, checked to fit the model's vocabulary; null when not asked for. */
    private static HfTokenizer hfTokenizer(JudgeOptions options, LlamaModel model) {
        if (options.huggingFaceTokenizer() == null) {
            return null;
        }
        HfTokenizer hf;
        try {
            hf = HfTokenizer.load(options.huggingFaceTokenizer());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read tokenizer " + options.huggingFaceTokenizer() + ": "
                    + e.getMessage(), e);
        }
        if (hf.size() > model.vocabulary().size()) {
            hf.close();
            throw new IllegalArgumentException("tokenizer " + options.huggingFaceTokenizer() + " has " + hf.size()
                    + " tokens but the model only " + model.vocabulary().size() + ": it is not this model's tokenizer");
        }
        return hf;
    }

    /** Frees the engine (letting admitted requests finish), the tokenizer and the model. */
    void close() {
        engine.close();
        if (hfTokenizer != null) {
            hfTokenizer.close();
        }
        model.close();
    }
}
