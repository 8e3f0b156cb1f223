package io.pixtools.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The instruction-set flags the kernel reports for this CPU ({@code /proc/cpuinfo}); none where it is unreadable. */
public record CpuFeatures(Set<String> flags) {

    /** 8-bit dot-product instructions, which ONNX Runtime's integer convolutions need to beat FP32. */
    private static final Set<String> INTEGER_DOT_PRODUCT = Set.of("avx512_vnni", "avx_vnni", "amx_int8");

    public static CpuFeatures detect() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return new CpuFeatures(Set.of());
        }
    }

    /** The first {@code flags} line of a {@code /proc/cpuinfo} text. */
    static CpuFeatures parse(String cpuinfo) {
        return new CpuFeatures(cpuinfo.lines()
                .filter(line -> line.startsWith("flags"))
                .findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .map(flags -> Arrays.stream(flags.split("\\s+")).collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of()));
    }

    /** The flag that gives 8-bit dot products (VNNI or AMX), if the CPU has one. */
    public Optional<String> integerDotProduct() {
        return INTEGER_DOT_PRODUCT.stream().filter(flags::contains).sorted().findFirst();
    }
}
