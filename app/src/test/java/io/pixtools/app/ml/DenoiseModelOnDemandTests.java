package io.pixtools.app.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.ml.DenoiseModel;
import io.pixtools.ml.ModelContract;
import io.pixtools.ml.ModelUnavailableException;
import io.pixtools.testing.TestModels;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session is created on first use (or at start with load-on-start); a wrong model still fails at start-up. */
class DenoiseModelOnDemandTests {

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
        try (DenoiseModelOnDemand models = new DenoiseModelOnDemand(onnx.clone(), contract, 1, false)) {
            assertThat(models.loaded()).isEmpty();
            DenoiseModel first = models.model();
            assertThat(models.loaded()).containsSame(first);
            assertThat(models.model()).isSameAs(first);
            first.run(DenoiseModel.buffer(3 * 8 * 8), DenoiseModel.buffer(3 * 8 * 8), 8, 8);
        }
    }

    @Test
    void loadOnStartCreatesTheSessionAtOnce() throws Exception {
        try (DenoiseModelOnDemand models = new DenoiseModelOnDemand(onnx.clone(), contract, 1, true)) {
            assertThat(models.loaded()).isPresent();
        }
    }

    @Test
    void aDamagedModelFailsAtStartUpEvenWhenLoadedLater() {
        byte[] damaged = Arrays.copyOf(onnx, onnx.length - 1);
        assertThatThrownBy(() -> new DenoiseModelOnDemand(damaged, contract, 1, false))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("does not match its contract");
    }

    @Test
    void healthDoesNotLoadTheModel() throws Exception {
        try (DenoiseModelOnDemand models = new DenoiseModelOnDemand(onnx.clone(), contract, 1, false)) {
            String status = new MlConfiguration().modelCheck(models).check();
            assertThat(status).contains("loads on the first denoise task");
            assertThat(models.loaded()).isEmpty();
            models.model();
            assertThat(new MlConfiguration().modelCheck(models).check()).endsWith("answers");
        }
    }
}
