package dev.gavel.bench;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a bench run: every contender's result and the figures derived from them in the
 * same run. Fields that a run did not measure (contender skipped) are null.
 *
 * @param workload                      workload name
 * @param model                         model file
 * @param mode                          main mode id
 * @param judgments                     judgments per contender
 * @param feedbackTokens                free-text budget
 * @param threads                       compute threads
 * @param results                       every contender run, in run order
 * @param gavel                         Gavel's best setting in the main mode
 * @param gavelScoreOnly                Gavel in score-only mode
 * @param jllamaDefault                 jllama's default setup
 * @param jllamaBest                    the faster of jllama's two best-setup candidates
 * @param naive                         the one-at-a-time loop
 * @param promptTokensTotal             prompt tokens of the main mode's prompts, each counted fully
 * @param promptTokensNeeded            the same with shared prefixes counted once (token trie)
 * @param scoreOnlyPromptTokensNeeded   needed prompt tokens of the score-only prompts
 * @param prefillCeilingTokensPerSecond prompt tokens/s of a single 512-token batch, one sequence
 * @param bestDecodeTokensPerSecond     best batched decode rate of the probe
 * @param bestDecodeSetting             where it was measured (S and flash attention)
 * @param ratioVsJllama                 Gavel judgments/s over jllama best
 * @param ratioVsJllamaDefault          Gavel judgments/s over jllama default
 * @param prefillCeilingJudgmentsPerSecond ceiling rate over needed score-only prompt tokens per judgment
 * @param feedbackLowerBoundSeconds     needed prompt tokens at the ceiling plus Gavel's generated tokens at the best decode rate
 * @param feedbackWallSeconds           Gavel's measured wall time in the main mode
 * @param loadAverage                   1-minute load average before and after the run
 */
public record BenchSummary(String workload, String model, String mode, int judgments, int feedbackTokens, int threads,
                           List<ContenderResult> results, ContenderResult gavel, ContenderResult gavelScoreOnly,
                           ContenderResult jllamaDefault, ContenderResult jllamaBest, ContenderResult naive,
                           long promptTokensTotal, long promptTokensNeeded, long scoreOnlyPromptTokensNeeded,
                           Double prefillCeilingTokensPerSecond, Double bestDecodeTokensPerSecond,
                           String bestDecodeSetting, Double ratioVsJllama, Double ratioVsJllamaDefault,
                           Double prefillCeilingJudgmentsPerSecond, Double feedbackLowerBoundSeconds,
                           Double feedbackWallSeconds, Map<String, Double> loadAverage) {
}
