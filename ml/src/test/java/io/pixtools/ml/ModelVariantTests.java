package io.pixtools.ml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** INT8 where the CPU has 8-bit dot products, FP32 elsewhere, unless the operator chose one. */
class ModelVariantTests {

    private static final String SAPPHIRE_RAPIDS = """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Processor
            flags\t\t: fpu vme sse2 avx2 avx512f avx512_bf16 avx512_vnni amx_int8 amx_tile
            processor\t: 1
            flags\t\t: fpu
            """;
    private static final String HASWELL = "flags\t\t: fpu sse2 avx avx2 fma\n";
    private static final String ALDER_LAKE = "flags\t\t: fpu avx2 avx_vnni\n";

    @Test
    void readsTheFirstFlagsLine() {
        assertThat(CpuFeatures.parse(SAPPHIRE_RAPIDS).flags())
                .contains("avx512_vnni", "amx_int8")
                .hasSize(9);
        assertThat(CpuFeatures.parse("").flags()).isEmpty();
    }

    @Test
    void autoPicksInt8OnlyWithVnniOrAmx() {
        assertThat(select(ModelVariant.Choice.AUTO, SAPPHIRE_RAPIDS).variant()).isEqualTo(ModelVariant.INT8);
        assertThat(select(ModelVariant.Choice.AUTO, ALDER_LAKE).reason()).isEqualTo("INT8: the CPU has avx_vnni");
        ModelVariant.Selected old = select(ModelVariant.Choice.AUTO, HASWELL);
        assertThat(old.variant()).isEqualTo(ModelVariant.FP32);
        assertThat(old.reason()).contains("no VNNI");
        assertThat(select(ModelVariant.Choice.AUTO, "").variant()).isEqualTo(ModelVariant.FP32);
    }

    @Test
    void aConfiguredVariantWinsOverTheCpu() {
        assertThat(select(ModelVariant.Choice.FP32, SAPPHIRE_RAPIDS).variant()).isEqualTo(ModelVariant.FP32);
        assertThat(select(ModelVariant.Choice.INT8, HASWELL).variant()).isEqualTo(ModelVariant.INT8);
    }

    private static ModelVariant.Selected select(ModelVariant.Choice choice, String cpuinfo) {
        return ModelVariant.select(choice, CpuFeatures.parse(cpuinfo));
    }
}
