package io.pixtools.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.ml.DenoiseModel;
import io.pixtools.ml.ModelContract;
import io.pixtools.ml.ModelVariant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a denoise model (dncnn.onnx or dncnn-int8.onnx and its contract) from a directory, as the ML worker does. */
public final class TestModels {

    /** The model the project ships. */
    public static final Path SHIPPED = RepositoryFiles.path("ml/model");

    private TestModels() {}

    public static DenoiseModel load(Path dir, int threads) throws IOException {
        return load(dir, ModelVariant.FP32, threads);
    }

    public static DenoiseModel load(Path dir, ModelVariant variant, int threads) throws IOException {
        return DenoiseModel.load(onnx(dir, variant), contract(dir, variant), threads);
    }

    public static byte[] onnx(Path dir, ModelVariant variant) throws IOException {
        return Files.readAllBytes(dir.resolve(variant.onnxFile()));
    }

    public static ModelContract contract(Path dir, ModelVariant variant) throws IOException {
        return new ObjectMapper().readValue(dir.resolve(variant.contractFile()).toFile(), ModelContract.class);
    }
}
