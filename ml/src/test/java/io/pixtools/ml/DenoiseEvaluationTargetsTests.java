package io.pixtools.ml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.testing.TestModels;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The targets that {@code ./pixtools evaluate-denoise} prints, from made-up figures and the model card's NLM ones. */
class DenoiseEvaluationTargetsTests {

    @Test
    void eachTargetIsJudgedFromItsOwnFigures() throws Exception {
        double nlmLow = new ObjectMapper()
                .readTree(TestModels.SHIPPED.resolve("dncnn.json").toFile())
                .path("evaluation")
                .path("camera")
                .path(CameraNoise.CASES[0].label())
                .path("nlm")
                .path("psnr")
                .asDouble();
        Map<String, Map<String, double[]>> means = new LinkedHashMap<>();
        means.put("sigma 25", figures(20.5, 30.1, 29.9));
        for (CameraNoise.Case noise : CameraNoise.CASES) {
            means.put(noise.label(), figures(20, 40, 40));
        }
        // The low camera case: FP32 1.6 dB over non-local means, INT8 only 1.4 (and 0.2 dB lost to INT8).
        means.put(CameraNoise.CASES[0].label(), figures(30, nlmLow + 1.6, nlmLow + 1.4));

        Map<ModelVariant, Double> seconds = Map.of(ModelVariant.INT8, 0.93, ModelVariant.FP32, 1.32);
        String targets = DenoiseEvaluation.targets(
                means, seconds, new ModelVariant.Selected(ModelVariant.INT8, "the CPU has avx512_vnni"));
        String withoutVnni = DenoiseEvaluation.targets(
                means, seconds, new ModelVariant.Selected(ModelVariant.FP32, "no 8-bit dot products"));

        assertThat(nlmLow).isGreaterThan(20);
        assertThat(targets)
                .containsPattern("FP32 sigma 25 gain over the noisy input +9\\.60 dB +\\(at least 9\\.5\\): met")
                .containsPattern("INT8 sigma 25 gain over the noisy input +9\\.40 dB +\\(at least 9\\.5\\): NOT met")
                .containsPattern("FP32 camera low[^\\n]*1\\.60 dB +\\(at least 1\\.5\\): met")
                .containsPattern("INT8 camera low[^\\n]*1\\.40 dB +\\(at least 1\\.5\\): NOT met")
                .containsPattern(
                        "INT8 loss against FP32, largest over all rows +0\\.20 dB +\\(at most 0\\.1\\): NOT met")
                .containsPattern(
                        "INT8 whole operation, 12 MP photo \\(the build that runs here: the CPU has avx512_vnni\\)"
                                + " +0\\.93 s/MP +\\(at most 1\\.0\\): met")
                .doesNotContain("FP32 whole operation");
        assertThat(withoutVnni)
                .containsPattern(
                        "FP32 whole operation, 12 MP photo [^\\n]* +1\\.32 s/MP +\\(at most 1\\.0\\): NOT met");
    }

    private static Map<String, double[]> figures(double noisy, double fp32, double int8) {
        Map<String, double[]> row = new LinkedHashMap<>();
        row.put("noisy", new double[] {noisy, 0.5});
        row.put("FP32", new double[] {fp32, 0.9});
        row.put("INT8", new double[] {int8, 0.9});
        return row;
    }
}
