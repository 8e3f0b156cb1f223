package io.pixtools.processors.convert;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.vips.Vips;
import io.pixtools.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encodes that keep whole images wait for room in the budget; the rest do not wait at all. */
class EncoderMemoryTests {

    private static final Vips VIPS = TestImages.vips();
    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void reservationsThatFitAreHeldTogether() {
        EncoderMemory memory = new EncoderMemory(256 * MB);
        try (EncoderMemory.Reservation a = memory.reserve(100 * MB);
                EncoderMemory.Reservation b = memory.reserve(100 * MB)) {
            assertThat(memory.availableMegabytes()).isEqualTo(56);
        }
        assertThat(memory.availableMegabytes()).isEqualTo(256);
    }

    @Test
    void aReservationWaitsUntilThereIsRoom() throws Exception {
        EncoderMemory memory = new EncoderMemory(256 * MB);
        EncoderMemory.Reservation first = memory.reserve(200 * MB);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
            try (EncoderMemory.Reservation r = memory.reserve(100 * MB)) {
                return memory.availableMegabytes();
            }
        });
        Thread.sleep(300);
        assertThat(second).as("100 MB do not fit beside 200 MB in 256 MB").isNotDone();
        first.close();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(156);
    }

    @Test
    void aReservationLargerThanTheBudgetRunsAlone() throws Exception {
        EncoderMemory memory = new EncoderMemory(256 * MB);
        EncoderMemory.Reservation small = memory.reserve(MB);
        CompletableFuture<Integer> huge = CompletableFuture.supplyAsync(() -> {
            try (EncoderMemory.Reservation r = memory.reserve(4096 * MB)) {
                return memory.availableMegabytes();
            }
        });
        Thread.sleep(300);
        assertThat(huge).isNotDone();
        small.close();
        assertThat(huge.get(10, TimeUnit.SECONDS))
                .as("it held the whole budget")
                .isZero();
        assertThat(memory.availableMegabytes()).isEqualTo(256);
    }

    @Test
    void withoutABoundNothingWaits() {
        EncoderMemory memory = EncoderMemory.unbounded();
        try (EncoderMemory.Reservation r = memory.reserve(Long.MAX_VALUE)) {
            assertThat(memory.availableMegabytes()).isZero();
        }
    }

    @Test
    void estimatesFollowWhatEachEncoderKeeps() {
        assertThat(EncoderMemory.estimate(Operation.PNG, 8660, 5773)).isZero();
        assertThat(EncoderMemory.estimate(Operation.JPG, 8660, 5773)).isEqualTo(3L * 8660 * 5773);
        assertThat(EncoderMemory.estimate(Operation.WEBP, 1000, 1000))
                .isGreaterThan(EncoderMemory.estimate(Operation.JPG, 1000, 1000));
        assertThat(EncoderMemory.estimate(Operation.AVIF, 1000, 1000))
                .isGreaterThan(EncoderMemory.estimate(Operation.WEBP, 1000, 1000));
    }

    @Test
    void aWebpEncodeWaitsForTheBudgetAndAPngDoesNot() throws Exception {
        EncoderMemory memory = new EncoderMemory(MB);
        ConvertOperation convert = new ConvertOperation(VIPS, 50_000_000, 16384, memory);
        OperationParamsParser defaults = new OperationParamsParser(16384);
        Path source = fixture("camera.jpg");
        EncoderMemory.Reservation all = memory.reserve(MB);

        ConvertOptions png = (ConvertOptions) defaults.parse(Operation.PNG, null);
        assertThat(convert.convert(source, png, dir.resolve("out.png")).bytes()).isPositive();

        ConvertOptions webp = (ConvertOptions) defaults.parse(Operation.WEBP, null);
        CompletableFuture<ConvertResult> waiting =
                CompletableFuture.supplyAsync(() -> convert.convert(source, webp, dir.resolve("out.webp")));
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        assertThat(dir.resolve("out.webp")).doesNotExist();
        all.close();
        assertThat(waiting.get(30, TimeUnit.SECONDS).bytes()).isEqualTo(Files.size(dir.resolve("out.webp")));
        assertThat(memory.availableMegabytes()).isEqualTo(1);
    }
}
