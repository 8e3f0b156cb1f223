package io.pixtools.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.ml.DenoiseModel;
import io.pixtools.ml.ModelContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a denoise model (dncnn.onnx and its dncnn.json contract) from a directory, as the ML worker does. */
public final class TestModels {

    /** The model the project ships. */
    public static final Path SHIPPED = RepositoryFiles.path("ml/model");

    private TestModels() {}

    public static DenoiseModel load(Path dir, int threads) throws IOException {
        ModelContract contract =
                new ObjectMapper().readValue(dir.resolve("dncnn.json").toFile(), ModelContract.class);
        return DenoiseModel.load(Files.readAllBytes(dir.resolve("dncnn.onnx")), contract, threads);
    }
}
