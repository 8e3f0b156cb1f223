package io.pixtools.processors.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.InvalidOptionsException;
import io.pixtools.processors.vips.Vips.FailOn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationParamsParserTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OperationParamsParser parser = new OperationParamsParser(16384);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void fillsDefaultsForEveryFormat() {
        assertThat(parser.parse(Operation.JPG, null))
                .isEqualTo(new ConvertOptions(Operation.JPG, 85, false, 0, 0, false, false, true, null));
        assertThat(parser.parse(Operation.PNG, null))
                .isEqualTo(new ConvertOptions(Operation.PNG, 90, false, 0, 5, false, false, true, null));
        assertThat(parser.parse(Operation.WEBP, null))
                .isEqualTo(new ConvertOptions(Operation.WEBP, 80, false, 4, 0, false, false, true, null));
        assertThat(parser.parse(Operation.AVIF, null))
                .isEqualTo(new ConvertOptions(
                        Operation.AVIF, 50, false, OperationSchema.AVIF_DEFAULT_EFFORT, 0, false, false, true, null));
        assertThat(parser.parse(Operation.METADATA, null)).isEqualTo(new MetadataOptions());
    }

    @Test
    void readsEveryParameterOfAConversion() throws Exception {
        ConvertOptions options = (ConvertOptions) parser.parse(Operation.WEBP, json("""
                {"quality": 61, "lossless": true, "effort": 6, "strip": false,
                 "resize": {"width": 640, "height": 480, "fit": "cover", "enlarge": true}}"""));
        assertThat(options)
                .isEqualTo(new ConvertOptions(
                        Operation.WEBP,
                        61,
                        true,
                        6,
                        0,
                        false,
                        false,
                        false,
                        new ResizeOptions(640, 480, Fit.COVER, true)));
    }

    @Test
    void readsDenoiseStrengthFormatAndQuality() throws Exception {
        DenoiseOptions defaults = (DenoiseOptions) parser.parse(Operation.DENOISE, null);
        assertThat(defaults.strength()).isEqualTo(1.0);
        assertThat(defaults.output().operation()).isEqualTo(Operation.PNG);
        // A faster zlib level than the png operation's 6: the denoised copy's encoder runs after the model.
        assertThat(defaults.output().compression()).isEqualTo(4);

        DenoiseOptions webp = (DenoiseOptions) parser.parse(Operation.DENOISE, json("""
                {"strength": 0.6, "format": "webp", "quality": 70, "resize": {"width": 800}}"""));
        assertThat(webp.strength()).isEqualTo(0.6);
        assertThat(webp.output())
                .isEqualTo(new ConvertOptions(
                        Operation.WEBP,
                        70,
                        false,
                        4,
                        4,
                        false,
                        false,
                        true,
                        new ResizeOptions(800, null, Fit.INSIDE, false)));
    }

    @Test
    void damagedSourcesFailUnlessTheRequestAsksForALenientDecode() throws Exception {
        assertThat(((ConvertOptions) parser.parse(Operation.WEBP, null)).failOn())
                .isEqualTo(FailOn.WARNING);
        assertThat(((ConvertOptions) parser.parse(Operation.AVIF, json("{\"fail_on\": \"none\"}"))).failOn())
                .isEqualTo(FailOn.NONE);
        assertThat(((DenoiseOptions) parser.parse(Operation.DENOISE, json("{\"fail_on\": \"truncated\"}")))
                        .output()
                        .failOn())
                .isEqualTo(FailOn.TRUNCATED);
    }

    @Test
    void keepsAspectRatioWhenOnlyOneSideIsGiven() throws Exception {
        ConvertOptions options = (ConvertOptions) parser.parse(Operation.JPG, json("{\"resize\": {\"height\": 300}}"));
        assertThat(options.resize()).isEqualTo(new ResizeOptions(null, 300, Fit.INSIDE, false));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        jpg      | {"quality": 0}                         | operation_params.jpg.quality             | must be from 1 to 100 (got 0)
        jpg      | {"quality": 101}                       | operation_params.jpg.quality             | must be from 1 to 100
        jpg      | {"quality": 80.5}                      | operation_params.jpg.quality             | whole number
        jpg      | {"quality": "80"}                      | operation_params.jpg.quality             | whole number
        jpg      | {"lossless": true}                     | operation_params.jpg.lossless            | unknown parameter; allowed: quality, progressive, strip, resize
        jpg      | {"progressive": "yes"}                 | operation_params.jpg.progressive         | must be true or false
        png      | {"compression": 10}                    | operation_params.png.compression         | must be from 0 to 9
        webp     | {"effort": 7}                          | operation_params.webp.effort             | must be from 0 to 6
        avif     | {"effort": -1}                         | operation_params.avif.effort             | must be from 0 to 9
        avif     | {"speed": 5}                           | operation_params.avif.speed              | unknown parameter
        webp     | {"strip": 1}                           | operation_params.webp.strip              | must be true or false
        webp     | {"resize": 800}                        | operation_params.webp.resize             | must be a JSON object
        webp     | {"resize": {}}                         | operation_params.webp.resize             | give width, height or both
        webp     | {"resize": {"width": 0}}               | operation_params.webp.resize.width       | must be from 1 to 16384
        webp     | {"resize": {"width": 16385}}           | operation_params.webp.resize.width       | must be from 1 to 16384
        webp     | {"resize": {"width": 10, "fit": "x"}}  | operation_params.webp.resize.fit         | must be one of inside, cover, fill
        webp     | {"resize": {"width": 10, "fit": "fill"}} | operation_params.webp.resize.fit       | 'fill' needs both width and height
        webp     | {"resize": {"height": 10, "fit": "cover"}} | operation_params.webp.resize.fit     | 'cover' needs both width and height
        webp     | {"resize": {"width": 10, "depth": 3}}  | operation_params.webp.resize.depth       | unknown parameter; allowed: width, height, fit, enlarge
        metadata | {"quality": 80}                        | operation_params.metadata.quality        | this operation takes no parameters
        jpg      | {"fail_on": "sometimes"}               | operation_params.jpg.fail_on             | must be one of none, truncated, error, warning
        denoise  | {"fail_on": false}                     | operation_params.denoise.fail_on         | must be one of none, truncated, error, warning
        png      | [1, 2]                                 | operation_params.png                     | must be a JSON object
        denoise  | {"strength": 1.5}                      | operation_params.denoise.strength        | must be from 0.0 to 1.0
        denoise  | {"strength": "high"}                   | operation_params.denoise.strength        | must be a number
        denoise  | {"format": "gif"}                      | operation_params.denoise.format          | must be one of png, jpg, webp, avif
        denoise  | {"effort": 3}                          | operation_params.denoise.effort          | unknown parameter; allowed: strength, format, quality, resize
        denoise  | {"strip": false}                       | operation_params.denoise.strip           | unknown parameter; allowed: strength, format, quality, resize
        """)
    void refusesBadParametersNamingTheField(String operation, String params, String field, String message)
            throws Exception {
        InvalidOptionsException e = catchThrowableOfType(
                InvalidOptionsException.class,
                () -> parser.parse(Operation.fromId(operation).orElseThrow(), json(params)));
        assertThat(e).as("expected a refusal").isNotNull();
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(field + ": ").contains(message);
    }
}
