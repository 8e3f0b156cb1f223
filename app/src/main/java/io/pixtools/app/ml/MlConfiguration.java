package io.pixtools.app.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.health.DependencyCheck;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.ml.CpuFeatures;
import io.pixtools.ml.DenoiseModel;
import io.pixtools.ml.DenoiseOperation;
import io.pixtools.ml.DenoiseProcessor;
import io.pixtools.ml.ModelContract;
import io.pixtools.ml.ModelUnavailableException;
import io.pixtools.ml.ModelVariant;
import io.pixtools.ml.TiledDenoiser;
import io.pixtools.processors.WorkFiles;
import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.vips.Vips;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * The denoiser, in processes with the worker-ml role. The model is checked against its contract at start-up and its
 * session created on the first denoise task, or at start-up too with {@code pixtools.denoise.load-on-start}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pixtools.ml.enabled", havingValue = "true")
class MlConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MlConfiguration.class);

    @Bean(destroyMethod = "close")
    DenoiseModelOnDemand denoiseModel(PixToolsProperties properties, ObjectMapper json) {
        PixToolsProperties.Denoise settings = properties.denoise();
        ModelVariant.Selected selected = select(settings, CpuFeatures.detect());
        LOG.info("Denoise model: {}", selected.reason());
        Resource onnx = resource(settings, selected.variant().onnxFile());
        Resource contract = resource(settings, selected.variant().contractFile());
        try (InputStream model = onnx.getInputStream();
                InputStream terms = contract.getInputStream()) {
            return new DenoiseModelOnDemand(
                    model.readAllBytes(),
                    json.readValue(terms, ModelContract.class),
                    selected,
                    settings.threads(),
                    settings.loadOnStart());
        } catch (IOException e) {
            throw new ModelUnavailableException("denoise model cannot be read from " + onnx + ": " + e.getMessage(), e);
        }
    }

    @Bean
    Processor denoiseProcessor(
            DenoiseModelOnDemand models,
            Vips vips,
            ConvertOperation convert,
            WorkFiles workFiles,
            PixToolsProperties properties) {
        Integer configured = properties.denoise().tileSize();
        int tile = configured != null ? configured : models.variant().variant().defaultTile();
        return exchange -> new DenoiseProcessor(
                        new DenoiseOperation(vips, convert, new TiledDenoiser(models.model(), tile)), workFiles)
                .process(exchange);
    }

    /** Health: a loaded model answers a small inference right now; one not loaded yet is not loaded for this. */
    @Bean
    DependencyCheck modelCheck(DenoiseModelOnDemand models) {
        return new DependencyCheck() {
            @Override
            public String name() {
                return "model";
            }

            @Override
            public String check() {
                ModelContract.Architecture architecture = models.contract().architecture();
                String model = "DnCNN " + architecture.depth() + "x" + architecture.width() + " "
                        + models.variant().variant() + " (receptive field " + architecture.receptiveField() + " px)";
                return models.loaded()
                        .map(loaded -> {
                            loaded.run(DenoiseModel.buffer(3 * 8 * 8), DenoiseModel.buffer(3 * 8 * 8), 8, 8);
                            return model + " answers";
                        })
                        .orElse(model + " verified; loads on the first denoise task");
            }
        };
    }

    /** The configured variant; a model directory without an INT8 build gets FP32 unless INT8 was asked for. */
    static ModelVariant.Selected select(PixToolsProperties.Denoise settings, CpuFeatures cpu) {
        ModelVariant.Selected selected = ModelVariant.select(settings.precision(), cpu);
        if (settings.precision() == ModelVariant.Choice.AUTO
                && selected.variant() == ModelVariant.INT8
                && !resource(settings, ModelVariant.INT8.onnxFile()).exists()) {
            return new ModelVariant.Selected(
                    ModelVariant.FP32, "FP32: " + settings.modelDir() + " has no " + ModelVariant.INT8.onnxFile());
        }
        return selected;
    }

    private static Resource resource(PixToolsProperties.Denoise settings, String name) {
        return settings.modelDir() != null
                ? new FileSystemResource(settings.modelDir().resolve(name))
                : new ClassPathResource("model/" + name);
    }
}
