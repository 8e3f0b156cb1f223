package io.pixtools.processors.convert;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.Fit;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationOptions;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.options.ResizeOptions;
import io.pixtools.processors.task.OperationTask;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.Vips.FailOn;
import io.pixtools.processors.vips.VipsImage;
import io.pixtools.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A message's unresized conversions encode from one decode, with the same bytes as each decoding the file. */
class DecodeOnceTests {

    private static final Vips VIPS = TestImages.vips();
    private static final CamelContext CAMEL = new DefaultCamelContext();
    private final ConvertOperation convert = new ConvertOperation(VIPS, 50_000_000);
    private final DecodeOnce decodeOnce = new DecodeOnce(convert, DecodeOnce.MAX_BYTES);
    private final OperationParamsParser defaults = new OperationParamsParser(16384);

    @TempDir
    Path dir;

    @AfterAll
    static void stop() throws Exception {
        CAMEL.close();
    }

    private ConvertOptions options(Operation format) {
        return (ConvertOptions) defaults.parse(format, null);
    }

    private static ConvertOptions keepingMetadata(ConvertOptions o) {
        return OptionsCopy.with(o, false, o.resize(), o.failOn());
    }

    private static Exchange message(String fixture, OperationOptions... options) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(
                PixHeaders.MESSAGE_TASKS,
                Arrays.stream(options)
                        .map(o -> new OperationTask("job", o, "jobs/job/original", fixture, options.length))
                        .toList());
        exchange.setProperty(PixHeaders.SOURCE_FILE, fixture(fixture));
        return exchange;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"camera.jpg", "tagged.jpg", "astronaut.png", "cmyk.jpg", "grey16.tif"})
    void eachConversionWritesTheSameBytesAsFromTheFile(String fixture) throws Exception {
        List<ConvertOptions> conversions = List.of(
                options(Operation.JPG),
                options(Operation.WEBP),
                options(Operation.PNG),
                keepingMetadata(options(Operation.JPG)));
        Exchange exchange = message(fixture, conversions.toArray(OperationOptions[]::new));
        decodeOnce.process(exchange);

        VipsImage decoded = exchange.getProperty(PixHeaders.DECODED_SOURCE, VipsImage.class);
        assertThat(decoded).as("decoded once").isNotNull();
        for (int i = 0; i < conversions.size(); i++) {
            ConvertOptions options = conversions.get(i);
            Path fromDecode = dir.resolve(i + "-decoded." + options.operation().extension());
            Path fromFile = dir.resolve(i + "-file." + options.operation().extension());
            convert.convert(DecodeOnce.of(exchange, options).orElseThrow(), options, fromDecode);
            convert.convert(fixture(fixture), options, fromFile);
            assertThat(Files.readAllBytes(fromDecode))
                    .as("%s of %s", options.operation(), fixture)
                    .isEqualTo(Files.readAllBytes(fromFile));
        }
    }

    @Test
    void theDecodeIsReleasedWhenTheMessageIsDone() {
        Exchange exchange = message("camera.jpg", options(Operation.JPG), options(Operation.WEBP));
        decodeOnce.process(exchange);
        VipsImage decoded = exchange.getProperty(PixHeaders.DECODED_SOURCE, VipsImage.class);
        assertThat(decoded.width()).isPositive();

        exchange.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(exchange));

        assertThatThrownBy(decoded::width).hasMessageContaining("released");
    }

    @Test
    void aSingleConversionOrOnesThatDifferBeforeEncodingStreamTheFile() {
        ResizeOptions resize = new ResizeOptions(100, null, Fit.INSIDE, false);
        ConvertOptions webp = options(Operation.WEBP);
        ConvertOptions lenient = OptionsCopy.with(webp, webp.strip(), null, FailOn.NONE);
        ConvertOptions resized = OptionsCopy.with(webp, webp.strip(), resize, webp.failOn());
        for (Exchange exchange : List.of(
                message("camera.jpg", options(Operation.JPG)),
                message("camera.jpg", options(Operation.JPG), resized),
                message("camera.jpg", options(Operation.JPG), lenient))) {
            decodeOnce.process(exchange);
            assertThat(exchange.getProperty(PixHeaders.DECODED_SOURCE)).isNull();
            assertThat(DecodeOnce.of(exchange, resized)).isEmpty();
        }
    }

    @Test
    void anImageLargerThanTheBudgetIsStreamedByEachConversion() {
        DecodeOnce small = new DecodeOnce(convert, 1000);
        Exchange exchange = message("camera.jpg", options(Operation.JPG), options(Operation.WEBP));
        small.process(exchange);
        assertThat(exchange.getProperty(PixHeaders.DECODED_SOURCE)).isNull();
    }

    /** Each conversion then meets the damage itself and fails with its own message, as without this step. */
    @Test
    void aSourceThatFailsToDecodeIsLeftToEachConversion() {
        Exchange exchange = message("truncated.jpg", options(Operation.JPG), options(Operation.WEBP));
        decodeOnce.process(exchange);
        assertThat(exchange.getProperty(PixHeaders.DECODED_SOURCE)).isNull();
    }
}
