package dev.gavel.springai;

import dev.gavel.ModelLoadException;
import dev.gavel.judge.Judge;
import org.springframework.ai.evaluation.Evaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: with {@code gavel.model-path} set, opens one {@link Judge} from
 * the {@link GavelProperties} and a {@link GavelEvaluator} on it. The judge is closed (engine
 * stopped, native model and context freed) when the application context closes. Either bean is
 * left out when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass({Judge.class, Evaluator.class})
@ConditionalOnProperty(prefix = "gavel", name = "model-path")
@EnableConfigurationProperties(GavelProperties.class)
public class GavelAutoConfiguration {

    /**
     * The judge. Loading the model happens here, at context start, so a wrong path or option
     * fails the start-up rather than the first evaluation.
     *
     * @throws ModelLoadException when the model file cannot be read or loaded
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Judge gavelJudge(GavelProperties properties) throws ModelLoadException {
        return Judge.open(properties.modelPath(), properties.toOptions());
    }

    /** The evaluator of {@code gavel.evaluator.preset} on the judge. */
    @Bean
    @ConditionalOnMissingBean
    public GavelEvaluator gavelEvaluator(Judge judge, GavelProperties properties) {
        GavelProperties.EvaluatorProperties e = properties.evaluator();
        GavelEvaluator.Builder b = GavelEvaluator.builder(judge).preset(e.preset());
        if (e.passThreshold() != null) {
            b.passThreshold(e.passThreshold());
        }
        return b.build();
    }
}
