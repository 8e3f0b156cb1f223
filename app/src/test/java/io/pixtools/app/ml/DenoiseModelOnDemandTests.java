package io.pixtools.app.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.ml.CpuFeatures;
import io.pixtools.ml.DenoiseModel;
import io.pixtools.ml.ModelContract;
import io.pixtools.ml.ModelUnavailableException;
import io.pixtools.ml.ModelVariant;
import io.pixtools.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session is created on first use (or at start with load-on-start); a wrong model still fails at start-up. */
class DenoiseModelOnDemandTests {

    private static final ModelVariant.Selected FP32 =
            new ModelVariant.Selected(ModelVariant.FP32, "FP32, as configured");

    private static byte[] onnx;
    private static ModelContract contract;

    @BeforeAll
    static void readShippedModel() throws Exception {
        onnx = Files.readAllBytes(TestModels.SHIPPED.resolve("dncnn.onnx"));
        contract = new ObjectMapper()
                .readValue(TestModels.SHIPPED.resolve("dncnn.json").toFile(), ModelContract.class);
    }

    @Test
    void createsTheSessionOnFirstUseOnly() throws Exception {
        try (DenoiseModelOnDemand models = new DenoiseModelOnDemand(onnx.clone(), contract, FP32, 1, false)) {
            assertThat(models.loaded()).isEmpty();
            DenoiseModel first = models.model();
            assertThat(models.loaded()).containsSame(first);
            assertThat(models.model()).isSameAs(first);
            first.run(DenoiseModel.buffer(3 * 8 * 8), DenoiseModel.buffer(3 * 8 * 8), 8, 8);
        }
    }

    @Test
    void loadOnStartCreatesTheSessionAtOnce() throws Exception {
        try (DenoiseModelOnDemand models = new DenoiseModelOnDemand(onnx.clone(), contract, FP32, 1, true)) {
            assertThat(models.loaded()).isPresent();
        }
    }

    @Test
    void aDamagedModelFailsAtStartUpEvenWhenLoadedLater() {
        byte[] damaged = Arrays.copyOf(onnx, onnx.length - 1);
        assertThatThrownBy(() -> new DenoiseModelOnDemand(damaged, contract, FP32, 1, false))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("does not match its contract");
    }

    @Test
    void healthDoesNotLoadTheModel() throws Exception {
        try (DenoiseModelOnDemand models = new DenoiseModelOnDemand(onnx.clone(), contract, FP32, 1, false)) {
            String status = new MlConfiguration().modelCheck(models).check();
            assertThat(status).contains("loads on the first denoise task");
            assertThat(models.loaded()).isEmpty();
            models.model();
            assertThat(new MlConfiguration().modelCheck(models).check()).endsWith("answers");
        }
    }

    @Test
    void aModelDirectoryWithoutAnInt8BuildRunsFp32OnAnyCpu(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("dncnn.onnx"), onnx);
        CpuFeatures vnni = new CpuFeatures(Set.of("avx512_vnni"));
        ModelVariant.Selected fp32Only = MlConfiguration.select(settings(dir, ModelVariant.Choice.AUTO), vnni);
        assertThat(fp32Only.variant()).isEqualTo(ModelVariant.FP32);
        assertThat(fp32Only.reason()).contains("has no dncnn-int8.onnx");

        Files.write(dir.resolve("dncnn-int8.onnx"), onnx);
        assertThat(MlConfiguration.select(settings(dir, ModelVariant.Choice.AUTO), vnni)
                        .variant())
                .isEqualTo(ModelVariant.INT8);
        assertThat(MlConfiguration.select(settings(null, ModelVariant.Choice.AUTO), vnni)
                        .variant())
                .as("the jar ships both builds")
                .isEqualTo(ModelVariant.INT8);
    }

    private static PixToolsProperties.Denoise settings(Path modelDir, ModelVariant.Choice precision) {
        return new PixToolsProperties.Denoise(1, 512, modelDir, false, precision);
    }
}
