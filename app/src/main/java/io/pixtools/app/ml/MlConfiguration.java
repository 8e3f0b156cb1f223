package io.pixtools.app.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.health.DependencyCheck;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.ml.DenoiseModel;
import io.pixtools.ml.DenoiseOperation;
import io.pixtools.ml.DenoiseProcessor;
import io.pixtools.ml.ModelContract;
import io.pixtools.ml.ModelUnavailableException;
import io.pixtools.ml.TiledDenoiser;
import io.pixtools.processors.WorkFiles;
import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.vips.Vips;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/** The denoiser, in processes with the worker-ml role: the model is loaded and proven once, at start-up. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pixtools.ml.enabled", havingValue = "true")
class MlConfiguration {

    @Bean(destroyMethod = "close")
    DenoiseModel denoiseModel(PixToolsProperties properties, ObjectMapper json) {
        PixToolsProperties.Denoise settings = properties.denoise();
        Resource onnx = resource(settings, "dncnn.onnx");
        Resource contract = resource(settings, "dncnn.json");
        try (InputStream model = onnx.getInputStream();
                InputStream terms = contract.getInputStream()) {
            return DenoiseModel.load(
                    model.readAllBytes(), json.readValue(terms, ModelContract.class), settings.threads());
        } catch (IOException e) {
            throw new ModelUnavailableException("denoise model cannot be read from " + onnx + ": " + e.getMessage(), e);
        }
    }

    @Bean
    DenoiseProcessor denoiseProcessor(
            DenoiseModel model,
            Vips vips,
            ConvertOperation convert,
            WorkFiles workFiles,
            PixToolsProperties properties) {
        TiledDenoiser denoiser = new TiledDenoiser(model, properties.denoise().tileSize());
        DenoiseOperation operation = new DenoiseOperation(vips, convert, denoiser);
        return new DenoiseProcessor(operation, workFiles);
    }

    /** Health: the model answers a small inference right now. */
    @Bean
    DependencyCheck modelCheck(DenoiseModel model) {
        return new DependencyCheck() {
            @Override
            public String name() {
                return "model";
            }

            @Override
            public String check() {
                model.run(DenoiseModel.buffer(3 * 8 * 8), DenoiseModel.buffer(3 * 8 * 8), 8, 8);
                return "DnCNN " + model.contract().architecture().depth() + "x"
                        + model.contract().architecture().width() + " (receptive field "
                        + model.contract().architecture().receptiveField() + " px) answers";
            }
        };
    }

    private static Resource resource(PixToolsProperties.Denoise settings, String name) {
        return settings.modelDir() != null
                ? new FileSystemResource(settings.modelDir().resolve(name))
                : new ClassPathResource("model/" + name);
    }
}
